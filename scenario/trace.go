package scenario

import (
	"math"
	"slices"

	"github.com/parleysim/parley/internal/pathkey"
)

// End says how a run ended.
type End uint8

const (
	// EndAbsorbed: the run entered an absorbing state.
	EndAbsorbed End = iota
	// EndHorizon: the run reached the horizon without being absorbed; it is
	// "open".
	EndHorizon
	// EndStepLimit: the run made the maximum number of steps before either;
	// its state at that moment is kept.
	EndStepLimit
	// EndFault: a branching transition met weights it could not use, or a
	// transition's rate, delay or day read from the world was unusable;
	// Trace.Fault names the transition.
	EndFault
	// EndStuck: the run reached the horizon in a state where nothing could
	// move it any more: no transition enabled with a clock running, no
	// event that could occur, and every meeting out of it declined in the
	// world as it is (asking again gets the same answer). It is not "open".
	EndStuck
)

var endNames = [...]string{EndAbsorbed: "absorbed", EndHorizon: "open", EndStepLimit: "step limit", EndFault: "fault", EndStuck: "stuck"}

func (e End) String() string {
	if int(e) < len(endNames) {
		return endNames[e]
	}
	return "End(?)"
}

// Transition identifies a transition of a built Scenario: its index in
// declaration order, from 0 to NumTransitions()-1.
type Transition int32

// Event identifies an event of a built Scenario: its index in declaration
// order, from 0 to NumEvents()-1.
type Event int32

// Meeting identifies a meeting of a built Scenario: an index into
// Scenario.Meetings, which says whose meeting it is.
type Meeting int32

// NoTransition and NoEvent mark a step that no transition, or no event,
// brought about.
const (
	NoTransition Transition = -1
	NoEvent      Event      = -1
)

// Step is one entry into a state: the start (Transition and Event both
// absent), a transition firing, or an event that moved the run.
type Step struct {
	Day        float64
	State      State
	Transition Transition // the transition that fired, or NoTransition
	Event      Event      // the event that moved the run, or NoEvent
	Declined   bool       // the transition's meeting was declined and AfterDecline.To moved the run
}

// Proposal is one meeting put to its participants.
type Proposal struct {
	Day      float64
	Meeting  Meeting
	Accepted bool
}

// Decline is one participant's refusal of a proposed meeting.
type Decline struct {
	Day     float64
	Meeting Meeting
	Actor   int32 // the actor's index in the actors model
}

// Agreement is the outcome of one agenda issue at a meeting that was held.
type Agreement struct {
	Day     float64
	Meeting Meeting
	Issue   int32   // the issue's index in the actors model
	Value   float64 // the agreed value; NaN without agreement
	Reached bool
}

// Occurrence is one occurrence of an event, whether or not it moved the run.
type Occurrence struct {
	Day   float64
	Event Event
}

// Trace is the record of one run: every state entered, in order, with its
// day; every event occurrence; every meeting proposed, declined and held,
// with what it agreed; and how the run ended. A Runner reuses its
// Trace from run to run; copy it with Clone to keep it.
type Trace struct {
	Steps       []Step
	Occurrences []Occurrence
	Proposals   []Proposal
	Declines    []Decline
	Agreements  []Agreement
	End         End
	EndDay      float64
	Fault       Transition // the transition that faulted, when End is EndFault (FaultParameters: the drawn parameters); else NoTransition
	// Snapshots holds the variables' values at the days of
	// RunOptions.Snapshots, day by day: the value of variable v at the k-th
	// day is Snapshots[k*NumVars()+v]. Empty without snapshot days.
	Snapshots []float64
	// SnapshotDays are the days of Snapshots, ascending (shared by the
	// Runner's runs: do not change them).
	SnapshotDays []float64
}

// PathKey returns a 64-bit key of the run's path, the states it entered in
// order: equal paths have equal keys, and unequal paths almost never do
// (tallies compare the paths themselves as well). It is computed when
// asked, so that runs whose paths nobody records pay nothing for it.
func (t *Trace) PathKey() uint64 {
	h := uint64(pathkey.Seed)
	for i := range t.Steps {
		h = pathkey.Mix(h, int32(t.Steps[i].State))
	}
	return pathkey.Finish(h, len(t.Steps))
}

// Clone returns a deep copy of t.
func (t *Trace) Clone() *Trace {
	c := *t
	c.Steps = slices.Clone(t.Steps)
	c.Occurrences = slices.Clone(t.Occurrences)
	c.Proposals = slices.Clone(t.Proposals)
	c.Declines = slices.Clone(t.Declines)
	c.Agreements = slices.Clone(t.Agreements)
	c.Snapshots = slices.Clone(t.Snapshots)
	c.SnapshotDays = slices.Clone(t.SnapshotDays)
	return &c
}

// Final returns the state the run was in when it ended, or -1 for an empty trace.
func (t *Trace) Final() State {
	if len(t.Steps) == 0 {
		return -1
	}
	return t.Steps[len(t.Steps)-1].State
}

// FirstEntry returns the day the run first entered s, or +Inf if it never did.
func (t *Trace) FirstEntry(s State) float64 {
	for i := range t.Steps {
		if t.Steps[i].State == s {
			return t.Steps[i].Day
		}
	}
	return math.Inf(1)
}

// FirstOccurrence returns the day event e first occurred, or +Inf.
func (t *Trace) FirstOccurrence(e Event) float64 {
	for i := range t.Occurrences {
		if t.Occurrences[i].Event == e {
			return t.Occurrences[i].Day
		}
	}
	return math.Inf(1)
}
