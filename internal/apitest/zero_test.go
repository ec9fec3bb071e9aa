package apitest

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parleysim/parley/problem"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// valueTypes is every exported type of the library's packages that has a
// zero value of its own (interfaces and aliases aside).
// TestEveryTypeIsListed keeps it complete.
var valueTypes = []reflect.Type{
	reflect.TypeFor[param.Dist](),
	reflect.TypeFor[param.Num](),
	reflect.TypeFor[scenario.After](),
	reflect.TypeFor[scenario.At](),
	reflect.TypeFor[scenario.AfterDecline](),
	reflect.TypeFor[scenario.Agreement](),
	reflect.TypeFor[scenario.Assignment](),
	reflect.TypeFor[scenario.Builder](),
	reflect.TypeFor[scenario.Statement](),
	reflect.TypeFor[scenario.Truth](),
	reflect.TypeFor[scenario.StatementKind](),
	reflect.TypeFor[scenario.Condition](),
	reflect.TypeFor[scenario.Decline](),
	reflect.TypeFor[scenario.Definition](),
	reflect.TypeFor[problem.Error](),
	reflect.TypeFor[scenario.DelaySummary](),
	reflect.TypeFor[scenario.EffectFunc](),
	reflect.TypeFor[scenario.End](),
	reflect.TypeFor[scenario.Event](),
	reflect.TypeFor[scenario.EventDef](),
	reflect.TypeFor[scenario.EventOn](),
	reflect.TypeFor[scenario.EventBuilder](),
	reflect.TypeFor[scenario.Evidence](),
	reflect.TypeFor[scenario.Fixed](),
	reflect.TypeFor[scenario.GuardFunc](),
	reflect.TypeFor[scenario.Meeting](),
	reflect.TypeFor[scenario.MeetingInfo](),
	reflect.TypeFor[scenario.Now](),
	reflect.TypeFor[scenario.Statement](),
	reflect.TypeFor[scenario.StatementKind](),
	reflect.TypeFor[scenario.Occurrence](),
	reflect.TypeFor[scenario.Param](),
	reflect.TypeFor[param.Parameter](),
	reflect.TypeFor[map[string]float64](),
	reflect.TypeFor[problem.Part](),
	reflect.TypeFor[problem.Problem](),
	reflect.TypeFor[problem.Origin](),
	reflect.TypeFor[scenario.Proposal](),
	reflect.TypeFor[scenario.RangeShift](),
	reflect.TypeFor[scenario.Rate](),
	reflect.TypeFor[scenario.Scheduled](),
	reflect.TypeFor[scenario.RouteDef](),
	reflect.TypeFor[scenario.RouteStatus](),
	reflect.TypeFor[scenario.RouteBuilder](),
	reflect.TypeFor[scenario.RunOptions](),
	reflect.TypeFor[scenario.Runner](),
	reflect.TypeFor[scenario.Scenario](),
	reflect.TypeFor[scenario.State](),
	reflect.TypeFor[scenario.StateDef](),
	reflect.TypeFor[scenario.StateBuilder](),
	reflect.TypeFor[scenario.Step](),
	reflect.TypeFor[scenario.Target](),
	reflect.TypeFor[scenario.Trace](),
	reflect.TypeFor[scenario.Transition](),
	reflect.TypeFor[scenario.TransitionDef](),
	reflect.TypeFor[scenario.TransitionBuilder](),
	reflect.TypeFor[scenario.Var](),
	reflect.TypeFor[scenario.When](),
	reflect.TypeFor[scenario.VariableDef](),
	reflect.TypeFor[scenario.Visit](),
	reflect.TypeFor[scenario.World](),
	reflect.TypeFor[actors.Actor](),
	reflect.TypeFor[actors.All](),
	reflect.TypeFor[actors.Always](),
	reflect.TypeFor[actors.Any](),
	reflect.TypeFor[actors.Cell](),
	reflect.TypeFor[actors.Field](),
	reflect.TypeFor[actors.Issue](),
	reflect.TypeFor[actors.Meeting](),
	reflect.TypeFor[actors.Model](),
	reflect.TypeFor[actors.NashSolution](),
	reflect.TypeFor[actors.Position](),
	reflect.TypeFor[actors.Positions](),
	reflect.TypeFor[actors.RangeError](),
	reflect.TypeFor[actors.ReservationValue](),
	reflect.TypeFor[actors.Rubinstein](),
	reflect.TypeFor[actors.RuleFunc](),
	reflect.TypeFor[actors.Table](),
	reflect.TypeFor[actors.ParamCell](),
	reflect.TypeFor[actors.Value](),
	reflect.TypeFor[actors.WeightedMean](),
	reflect.TypeFor[actors.WeightedMedian](),
	reflect.TypeFor[actors.ZoneOfAgreement](),
	reflect.TypeFor[outcomes.Skill](),
	reflect.TypeFor[outcomes.AgreementResult](),
	reflect.TypeFor[outcomes.Backtest](),
	reflect.TypeFor[outcomes.Group](),
	reflect.TypeFor[outcomes.CaseRecord](),
	reflect.TypeFor[outcomes.CaseScore](),
	reflect.TypeFor[outcomes.ClaimResult](),
	reflect.TypeFor[outcomes.Conditioning](),
	reflect.TypeFor[outcomes.Config](),
	reflect.TypeFor[outcomes.DeclineResult](),
	reflect.TypeFor[outcomes.Difference](),
	reflect.TypeFor[outcomes.Estimate](),
	reflect.TypeFor[outcomes.EventResult](),
	reflect.TypeFor[outcomes.ExactConfig](),
	reflect.TypeFor[outcomes.Fault](),
	reflect.TypeFor[outcomes.Markov](),
	reflect.TypeFor[outcomes.MeanEstimate](),
	reflect.TypeFor[outcomes.Outcome](),
	reflect.TypeFor[outcomes.PathShare](),
	reflect.TypeFor[outcomes.PrecisionReport](),
	reflect.TypeFor[outcomes.Quantile](),
	reflect.TypeFor[outcomes.Ratio](),
	reflect.TypeFor[outcomes.ReliabilityBin](),
	reflect.TypeFor[outcomes.Repeat](),
	reflect.TypeFor[outcomes.Result](),
	reflect.TypeFor[outcomes.Envelope](),
	reflect.TypeFor[outcomes.MonteCarloPart](),
	reflect.TypeFor[outcomes.ExactPart](),
	reflect.TypeFor[outcomes.RouteResult](),
	reflect.TypeFor[outcomes.Score](),
	reflect.TypeFor[outcomes.ScoredItem](),
	reflect.TypeFor[outcomes.Shard](),
	reflect.TypeFor[outcomes.ShardSettings](),
	reflect.TypeFor[outcomes.StateResult](),
	reflect.TypeFor[outcomes.TextOptions](),
	reflect.TypeFor[outcomes.TransitionResult](),
	reflect.TypeFor[outcomes.ValueQuantile](),
	reflect.TypeFor[explore.ABCConfig](),
	reflect.TypeFor[explore.CalibrationSettings](),
	reflect.TypeFor[explore.CalibrationShard](),
	reflect.TypeFor[explore.Config](),
	reflect.TypeFor[explore.Design](),
	reflect.TypeFor[explore.TrackConfig](),
	reflect.TypeFor[explore.Track](),
	reflect.TypeFor[explore.TrackDate](),
	reflect.TypeFor[explore.Series](),
	reflect.TypeFor[explore.TrackPoint](),
	reflect.TypeFor[explore.LogScore](),
	reflect.TypeFor[explore.TrackScore](),
	reflect.TypeFor[explore.History](),
	reflect.TypeFor[explore.Kind](),
	reflect.TypeFor[explore.Marginal](),
	reflect.TypeFor[explore.Method](),
	reflect.TypeFor[explore.MorrisEffect](),
	reflect.TypeFor[explore.PRIMBox](),
	reflect.TypeFor[explore.PRIMOptions](),
	reflect.TypeFor[explore.PRIMResult](),
	reflect.TypeFor[explore.Population](),
	reflect.TypeFor[explore.Posterior](),
	reflect.TypeFor[explore.Fold](),
	reflect.TypeFor[explore.Prediction](),
	reflect.TypeFor[explore.ShardDraw](),
	reflect.TypeFor[explore.SobolIndex](),
	reflect.TypeFor[explore.SobolOptions](),
	reflect.TypeFor[explore.SobolResult](),
	reflect.TypeFor[explore.Space](),
	reflect.TypeFor[explore.Table](),
	reflect.TypeFor[scenariofile.CaseFacts](),
	reflect.TypeFor[scenariofile.PriorsFile](),
	reflect.TypeFor[scenariofile.ClaimSource](),
	reflect.TypeFor[scenariofile.Record](),
	reflect.TypeFor[scenariofile.Actor](),
	reflect.TypeFor[scenariofile.Agenda](),
	reflect.TypeFor[scenariofile.At](),
	reflect.TypeFor[scenariofile.Claim](),
	reflect.TypeFor[scenariofile.Day](),
	reflect.TypeFor[scenariofile.Decline](),
	reflect.TypeFor[scenariofile.Event](),
	reflect.TypeFor[scenariofile.EventItem](),
	reflect.TypeFor[scenariofile.File](),
	reflect.TypeFor[scenariofile.Issue](),
	reflect.TypeFor[scenariofile.Limits](),
	reflect.TypeFor[scenariofile.NowFile](),
	reflect.TypeFor[scenariofile.Number](),
	reflect.TypeFor[scenariofile.Participant](),
	reflect.TypeFor[scenariofile.ObservationItem](),
	reflect.TypeFor[scenariofile.ObservationsFile](),
	reflect.TypeFor[scenariofile.OutcomeItem](),
	reflect.TypeFor[scenariofile.OutcomesFile](),
	reflect.TypeFor[scenariofile.Parameter](),
	reflect.TypeFor[scenariofile.Position](),
	reflect.TypeFor[scenariofile.Route](),
	reflect.TypeFor[scenariofile.State](),
	reflect.TypeFor[scenariofile.Target](),
	reflect.TypeFor[scenariofile.Transition](),
	reflect.TypeFor[scenariofile.Value](),
	reflect.TypeFor[scenariofile.Variable](),
	reflect.TypeFor[scenariofile.VisitItem](),
}

var packages = map[string]string{
	"scenario":     "../../scenario",
	"actors":       "../../actors",
	"outcomes":     "../../outcomes",
	"explore":      "../../explore",
	"scenariofile": "../../scenariofile",
	"param":        "../../param",
	"problem":      "../../problem",
}

// TestEveryTypeIsListed fails when a package gains an exported type that
// valueTypes does not list, so that the zero-value test covers it.
func TestEveryTypeIsListed(t *testing.T) {
	listed := map[string]bool{}
	for _, ty := range valueTypes {
		listed[ty.String()] = true
	}
	for name, dir := range packages {
		for _, f := range packageFiles(t, dir) {
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.TYPE {
					continue
				}
				for _, s := range g.Specs {
					ts := s.(*ast.TypeSpec)
					if _, iface := ts.Type.(*ast.InterfaceType); !ts.Name.IsExported() || ts.Assign != 0 || ts.TypeParams != nil || iface {
						continue
					}
					if !listed[name+"."+ts.Name.Name] {
						t.Errorf("%s.%s is not in valueTypes", name, ts.Name.Name)
					}
				}
			}
		}
	}
}

// packageFiles parses the package's Go files in dir, tests left out.
func packageFiles(t *testing.T, dir string) []*ast.File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fs := token.NewFileSet()
	var files []*ast.File
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fs, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// argument is a harmless argument of type t for a call on a zero value:
// zero, except for what no caller could pass as zero (a context, a writer,
// a random stream, a function, a pointer to a struct).
func argument(t reflect.Type) reflect.Value {
	switch {
	case t == reflect.TypeFor[context.Context]():
		return reflect.ValueOf(context.Background())
	case t == reflect.TypeFor[io.Writer]():
		return reflect.ValueOf(io.Discard)
	case t == reflect.TypeFor[*rand.Rand]():
		return reflect.ValueOf(rand.New(rand.NewPCG(1, 2)))
	case t.Kind() == reflect.Func:
		return reflect.MakeFunc(t, func([]reflect.Value) []reflect.Value {
			out := make([]reflect.Value, t.NumOut())
			for i := range out {
				out[i] = reflect.Zero(t.Out(i))
			}
			return out
		})
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		return reflect.New(t.Elem())
	}
	return reflect.Zero(t)
}

// TestNoMethodPanicsOnAZeroValue calls every exported method of every
// value type on its zero value, with harmless arguments: none may panic
// (or hang). A zero value is what a caller gets from var x T or T{}; a
// method must answer it, or return an error, never crash.
func TestNoMethodPanicsOnAZeroValue(t *testing.T) {
	var panics []string
	for _, ty := range valueTypes {
		recv := reflect.New(ty) // *T: its method set holds T's too
		for i := range recv.NumMethod() {
			m := recv.Type().Method(i)
			fn := recv.Method(i)
			args := make([]reflect.Value, 0, fn.Type().NumIn())
			for j := range fn.Type().NumIn() {
				in := fn.Type().In(j)
				if fn.Type().IsVariadic() && j == fn.Type().NumIn()-1 {
					args = append(args, reflect.Zero(in))
					continue
				}
				args = append(args, argument(in))
			}
			done := make(chan string, 1)
			go func() {
				defer func() {
					if p := recover(); p != nil {
						done <- fmt.Sprint(p)
					}
				}()
				if fn.Type().IsVariadic() {
					fn.CallSlice(args)
				} else {
					fn.Call(args)
				}
				done <- ""
			}()
			select {
			case p := <-done:
				if p != "" {
					panics = append(panics, fmt.Sprintf("(*%s).%s: %s", ty, m.Name, firstLine(p)))
				}
			case <-time.After(20 * time.Second):
				panics = append(panics, fmt.Sprintf("(*%s).%s: still running after 20 s", ty, m.Name))
			}
		}
	}
	slices.Sort(panics)
	for _, p := range panics {
		t.Error(p)
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
