package actors_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/actors"
)

func meeting(t *testing.T) (*actors.Meeting, *actors.Positions) {
	t.Helper()
	m, err := actors.NewModel(twoIssues,
		[]actors.Actor{{ID: "UA"}, {ID: "RU", Reservation: actors.Fixed(0.5)}},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Lo: actors.Fixed(0), Hi: actors.Fixed(0.4)},
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(1), Lo: actors.Fixed(0.3), Hi: actors.Fixed(1)},
		})
	require.NoError(t, err)
	pos := m.NewPositions()
	return &actors.Meeting{Name: "bilateral", Actor: 1, Parties: []int{0, 1}, Agenda: []int{0}, Agreed: []float64{0.35}, Pos: pos}, pos
}

func TestRules(t *testing.T) {
	m, pos := meeting(t)
	cases := []struct {
		name   string
		rule   actors.Rule
		accept bool
	}{
		{"always", actors.Always{}, true},
		{"zone of agreement [0.3, 0.4]", actors.ZoneOfAgreement{}, true},
		{"outcome 0.35 is worth 0.35 to Russia, below its 0.5", actors.ReservationValue{}, false},
		{"all", actors.All{actors.ZoneOfAgreement{}, actors.ReservationValue{}}, false},
		{"any", actors.Any{actors.ZoneOfAgreement{}, actors.ReservationValue{}}, true},
		{"func", actors.RuleFunc(func(m *actors.Meeting) bool { return m.Name == "bilateral" }), true},
	}
	for _, c := range cases {
		assert.Equal(t, c.accept, c.rule.Accept(m), c.name)
	}

	m.Agreed[0] = 0.6 // worth 0.6 to Russia
	assert.True(t, actors.ReservationValue{}.Accept(m))
	m.Agreed[0] = math.NaN() // no agreement counts at the reservation value
	assert.True(t, actors.ReservationValue{}.Accept(m))

	pos.SetRange(0, 0, 0, 0.2) // Ukraine narrows: no zone left
	assert.False(t, actors.ZoneOfAgreement{}.Accept(m))
}
