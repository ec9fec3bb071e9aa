// Package problem is parley's one account of what is wrong: with a
// definition, an actors model, a file, a parameter value, a reason exact
// analysis does not apply, an observation or a record. It is a leaf that
// actors, scenario, scenariofile and outcomes all use, in the manner of
// go/types.Error: the front end that declared a part (a Go program or a
// file) may give it an Origin, and every Problem says which part is at
// fault by a typed Part, its Index in declaration order, its Name and a
// stable Field key, so that tools place and group problems without reading
// their words.
//
// A checker reports every problem it finds at once, in one *Error whose
// Kind is the sentinel callers test with errors.Is (scenario.ErrDefinition,
// actors.ErrModel, scenario.ErrNotMarkov, scenariofile.ErrFile); errors.As
// with a *problem.Error gets the list.
package problem
