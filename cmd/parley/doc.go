// Command parley runs scenario files: Monte Carlo runs, validation, exact
// analysis, graphs and comparisons, without writing Go.
//
// Usage:
//
//	parley run FILE [-runs N] [-seed S] [-workers W] [-precision H] [-format table|json|csv] [-o PATH]
//	parley validate FILE
//	parley exact FILE [-format table|json|csv] [-o PATH]
//	parley graph FILE [-result R.json] [-o PATH]
//	parley compare A.yaml B.yaml [-runs N] [-seed S] [-workers W] [-o PATH]
//	parley plot FILE -o out.png|out.svg [-kind routes|reach|paths] [-runs N] [-seed S]
//	parley track FILE JOURNAL.yaml [-outcomes OUTCOMES.yaml] [-every 7d] [-format table|csv|json] [-plot track.png]
//	parley version
//
// and report, explore, sensitivity, discover, score, backtest, calibrate
// and merge: "parley help" lists every command and its flags.
//
// Exit status: 0 on success, 1 when the file has problems or a run fails,
// 2 on a usage error.
package main
