package apitest

import (
	"reflect"
	"testing"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// definitionTypes are the value types that describe a scenario: what a
// Builder, a file or a Definition holds before Build compiles it.
var definitionTypes = []reflect.Type{
	reflect.TypeFor[scenario.Definition](),
	reflect.TypeFor[scenario.After](),
	reflect.TypeFor[scenario.AfterDecline](),
	reflect.TypeFor[scenario.Assignment](),
	reflect.TypeFor[scenario.Condition](),
	reflect.TypeFor[scenario.Fixed](),
	reflect.TypeFor[scenario.RangeShift](),
	reflect.TypeFor[scenario.Rate](),
	reflect.TypeFor[scenario.Scheduled](),
	reflect.TypeFor[scenario.When](),
	reflect.TypeFor[actors.Actor](),
	reflect.TypeFor[actors.Issue](),
	reflect.TypeFor[actors.Position](),
	reflect.TypeFor[param.Dist](),
}

// notNumbers are the numeric fields of definition types that are not
// numbers of the model, each with the reason.
var notNumbers = map[string]string{
	"scenario.Definition.Horizon":   "the question asked (until when?), not an assumption: scenario/doc.go",
	"param.Parameter.Default":       "a parameter's own declaration",
	"param.Parameter.Min":           "a parameter's own declaration",
	"param.Parameter.Max":           "a parameter's own declaration",
	"scenario.Statement.From":       "the question asked (from when?), not an assumption: scenario/doc.go",
	"scenario.Statement.To":         "the question asked (by when?), not an assumption: scenario/doc.go",
	"scenario.Statement.Status":     "which status, not a number",
	"scenario.Statement.Truth":      "what is known, not a number",
	"scenario.Statement.Kind":       "which statement, not a number",
	"scenario.Statement.Min":        "the question asked (agreed at least what?), as a claim's day is",
	"scenario.Statement.Max":        "the question asked (agreed at most what?), as a claim's day is",
	"param.Num.Value":               "the number itself",
	"actors.Issue.Min":              "the issue's scale: the unit its positions are measured in",
	"actors.Issue.Max":              "the issue's scale: the unit its positions are measured in",
	"scenario.Definition.StartDate": "a calendar date, not a number",
}

// TestEveryNumberMayBeAParameter walks the definition types and fails on
// a numeric field that cannot hold a parameter (a float64 or an int where
// a param.Num, an actors.Value or a param.Dist should stand), unless
// notNumbers says why it is not a number of the model.
func TestEveryNumberMayBeAParameter(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(ty reflect.Type, path string)
	walk = func(ty reflect.Type, path string) {
		switch ty.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(ty.Elem(), path)
			return
		case reflect.Map:
			walk(ty.Elem(), path)
			return
		case reflect.Struct:
		default:
			return
		}
		if seen[ty] || ty == reflect.TypeFor[param.Num]() || ty == reflect.TypeFor[actors.Value]() {
			return
		}
		seen[ty] = true
		for i := range ty.NumField() {
			f := ty.Field(i)
			if !f.IsExported() {
				continue
			}
			name := shortName(ty) + "." + f.Name
			ft := f.Type
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			switch ft.Kind() {
			case reflect.Float64, reflect.Float32, reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint8:
				if ft.PkgPath() == "" || ft == reflect.TypeFor[float64]() {
					if _, ok := notNumbers[name]; !ok {
						t.Errorf("%s is a %s: it cannot hold a parameter (make it a param.Num, or say in notNumbers why it is not a number of the model)", name, f.Type)
					}
				}
			}
			walk(f.Type, name)
		}
	}
	for _, ty := range definitionTypes {
		walk(ty, shortName(ty))
	}
}

func shortName(ty reflect.Type) string {
	pkg := ty.PkgPath()
	for i := len(pkg) - 1; i >= 0; i-- {
		if pkg[i] == '/' {
			pkg = pkg[i+1:]
			break
		}
	}
	return pkg + "." + ty.Name()
}
