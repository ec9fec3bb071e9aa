package actors

// Reads returns the fields of the actors at a meeting that a bargainer or
// an acceptance rule reads, so that a number no meeting reads can be
// reported as having no effect. known is false for one whose reads cannot
// be known (a RuleFunc, or a type of one's own), which may read any field.
// A bargainer reads its fields of every party, the zone of agreement (Lo,
// Hi) among them; a rule's reads are of the parties too.
func Reads(x any) (fields []Field, known bool) {
	switch x := x.(type) {
	case nil, Always:
		return nil, true
	case WeightedMean, WeightedMedian:
		return []Field{Capability, Salience, Ideal, Lo, Hi}, true
	case NashSolution:
		return []Field{Ideal, Risk, Reservation, Lo, Hi}, true
	case Rubinstein:
		return []Field{Ideal, Discount, Lo, Hi}, true
	case ZoneOfAgreement:
		return []Field{Lo, Hi}, true
	case ReservationValue:
		return []Field{Reservation, Salience, Ideal, Risk}, true
	case All:
		return readsOf(x)
	case Any:
		return readsOf(x)
	}
	return nil, false
}

func readsOf(rs []Rule) (fields []Field, known bool) {
	for _, r := range rs {
		fs, ok := Reads(r)
		if !ok {
			return nil, false
		}
		fields = append(fields, fs...)
	}
	return fields, true
}
