package actors

// Issues returns the model's issues in order.
func (m *Model) Issues() []Issue { return append([]Issue(nil), m.issues...) }

// Actors returns the model's actors as given, in order.
func (m *Model) Actors() []Actor { return append([]Actor(nil), m.actors...) }

// Positions returns the positions as given, in order.
func (m *Model) Positions() []Position { return append([]Position(nil), m.positions...) }
