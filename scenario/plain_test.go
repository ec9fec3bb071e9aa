package scenario

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// The plain loop gives the traces of the general loop, draw for draw.
func TestPlainLoopIsTheGeneralLoop(t *testing.T) {
	b := New("plain").States("call", "expert", "arranged", "bilateral").Start("call").Horizon(60)
	b.State("framework").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(Exp(0.1))
	b.Transition("call", "expert").Delay(Exp(0.05))
	b.Transition("call", "stalled").Delay(Exp(0))
	b.Transition("expert", "arranged").Delay(Exp(0.04))
	b.Transition("expert", "expert").Named("again").Delay(Exp(0.3))
	b.Branching("arranged", To("bilateral", 0.7), To("stalled", 0.3)).Delay(Exp(0.15))
	b.Transition("bilateral", "framework").Delay(Exp(0.05))
	sc, err := b.Build()
	require.NoError(t, err)
	require.True(t, sc.plain)
	for _, maxSteps := range []int{0, 3} {
		plain := sc.NewRunner(RunOptions{MaxSteps: maxSteps})
		general := sc.NewRunner(RunOptions{MaxSteps: maxSteps})
		general.plain = false
		for i := range 5000 {
			a := plain.Run(rand.New(rand.NewPCG(uint64(i), 7))).Clone()
			g := general.Run(rand.New(rand.NewPCG(uint64(i), 7)))
			require.Equal(t, g, a, "run %d", i)
		}
	}
}
