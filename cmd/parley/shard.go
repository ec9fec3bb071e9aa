package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// shardSpec reads -shard: "i/n" (i from 0 to n-1), "auto" (the index and
// count from a batch engine's environment) or "auto/n" (the index from the
// environment, the count given).
func shardSpec(spec string, env func(string) string) (index, count int, err error) {
	bad := func(format string, args ...any) (int, int, error) {
		return 0, 0, fmt.Errorf("-shard %s: %s: %w", spec, fmt.Sprintf(format, args...), errUsage)
	}
	head, tail, hasCount := strings.Cut(spec, "/")
	if hasCount {
		if count, err = strconv.Atoi(tail); err != nil || count < 1 || count > outcomes.MaxShards {
			return bad("the count after / must be a whole number from 1 to %d", outcomes.MaxShards)
		}
	}
	if head != "auto" {
		index, err = strconv.Atoi(head)
		switch {
		case err != nil || !hasCount:
			return bad("want i/n (i from 0 to n-1), auto or auto/n")
		case index < 0 || index >= count:
			return bad("the index must be from 0 to %d", count-1)
		}
		return index, count, nil
	}
	num := func(name string) (int, bool, error) {
		v := env(name)
		if v == "" {
			return 0, false, nil
		}
		x, err := strconv.Atoi(v)
		if err != nil || x < 0 {
			return 0, true, fmt.Errorf("%s=%q is not a whole number", name, v)
		}
		return x, true, nil
	}
	// Slurm array jobs: the task's ID, offset by the lowest ID, and the count.
	if id, ok, err := num("SLURM_ARRAY_TASK_ID"); ok || err != nil {
		if err != nil {
			return bad("%v", err)
		}
		low, _, err := num("SLURM_ARRAY_TASK_MIN")
		if err != nil {
			return bad("%v", err)
		}
		n, hasN, err := num("SLURM_ARRAY_TASK_COUNT")
		switch {
		case err != nil:
			return bad("%v", err)
		case hasN && (n < 1 || n > outcomes.MaxShards):
			return bad("SLURM_ARRAY_TASK_COUNT=%d: a run splits into 1 to %d shards", n, outcomes.MaxShards)
		case hasCount && hasN && n != count:
			return bad("SLURM_ARRAY_TASK_COUNT is %d", n)
		case !hasCount && !hasN:
			return bad("SLURM_ARRAY_TASK_COUNT is not set: give the count, -shard auto/N")
		case !hasCount:
			count = n
		}
		index = id - low
		if index < 0 || index >= count {
			return bad("task %d (lowest %d) is not one of %d tasks: the array must be contiguous, such as --array=0-%d", id, low, count, count-1)
		}
		return index, count, nil
	}
	// Kubernetes indexed jobs and AWS Batch array jobs: the index alone.
	// Both set and different is a muddle no shard can be chosen from.
	found, index := "", 0
	for _, name := range []string{"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"} {
		id, ok, err := num(name)
		switch {
		case err != nil:
			return bad("%v", err)
		case !ok:
			continue
		case found != "" && id != index:
			return bad("%s=%d and %s=%d disagree: which task is this?", found, index, name, id)
		case !hasCount:
			return bad("%s gives the index but not the count: give it, -shard auto/N", name)
		case id >= count:
			return bad("%s=%d is not below the count %d", name, id, count)
		}
		found, index = name, id
	}
	if found != "" {
		return index, count, nil
	}
	return bad("no batch engine's index in the environment (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX): give -shard i/n")
}

// runShard runs one shard of a run command and writes its file.
func runShard(ctx context.Context, rf *runFlags, files []string, stdout, stderr io.Writer) error {
	switch {
	case rf.given != "" || rf.precision > 0:
		return fmt.Errorf("-shard with -given or -precision: how many runs they make depends on every run before, which one shard does not know: %w", errUsage)
	case rf.from != "":
		return fmt.Errorf("-shard with -from is not supported: run the shards from a file that starts where you are: %w", errUsage)
	case rf.score != "":
		return fmt.Errorf("-shard with -score: score the merged result (parley merge ... -format json, then parley score): %w", errUsage)
	case rf.format != "table":
		return fmt.Errorf("-shard writes a shard file; choose the format when merging: %w", errUsage)
	}
	index, count, err := shardSpec(rf.shard, os.Getenv)
	if err != nil {
		return err
	}
	// {shard} in -o is the shard's index: no shell needed to name the files.
	if rf.out, err = shardPath(rf.out, index); err != nil {
		return err
	}
	cfg, err := rf.config()
	if err != nil {
		return err
	}
	disk := rf.files(files)
	if err := disk.check(); err != nil {
		return err
	}
	data, err := readFile(files[0])
	if err != nil {
		return err
	}
	sc, err := loadSet(ctx, files[0], &rf.set)
	if err != nil {
		return err
	}
	bar := newProgress(stderr, "runs")
	cfg.Progress = bar.update
	sh, err := outcomes.RunShard(ctx, sc, cfg, index, count)
	bar.done()
	if sh == nil {
		return outputsUsage(err)
	}
	sum := sha256.Sum256(data)
	sh.Source, sh.SourceSHA256, sh.File = data, hex.EncodeToString(sum[:]), files[0]
	sh.Set = rf.set.values
	werr := disk.write(rf.out, stdout, sh.WriteJSON)
	if err != nil {
		return err
	}
	return werr
}

func cmdMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var format, out, file string
	files, err := flags("merge", args, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "table", "table, json or csv for runs; csv or jsonl for explorations (explore -shard)")
		fs.StringVar(&out, "o", "", "write to this file instead of standard output")
		fs.StringVar(&file, "scenario", "", "the scenario file, when the shards do not carry it (they do when parley run -shard wrote them)")
	}, -1)
	if err != nil {
		return err
	}
	if files, err = expandDirs(files); err != nil {
		return err
	}
	if format != "table" && format != "json" && format != "csv" && format != "jsonl" {
		return fmt.Errorf("-format %q: want table, json or csv (csv or jsonl for explorations): %w", format, errUsage)
	}
	disk := &ioFiles{}
	disk.in(files...)
	disk.in(file)
	disk.out("-o", out)
	if err := disk.check(); err != nil {
		return err
	}
	if isTable(files[0]) {
		if format == "table" {
			format = "csv"
		}
		if format != "csv" && format != "jsonl" {
			return fmt.Errorf("-format %q: explorations merge to csv or jsonl: %w", format, errUsage)
		}
		t, err := mergeTableFiles(files)
		if err != nil {
			return err
		}
		return disk.write(out, stdout, func(w io.Writer) error {
			if format == "jsonl" {
				return t.WriteJSONL(w)
			}
			return t.WriteCSV(w)
		})
	}
	if format == "jsonl" {
		return fmt.Errorf("-format jsonl is for explorations; a run merges to table, json or csv: %w", errUsage)
	}
	shards := make([]*outcomes.Shard, len(files))
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := os.Open(f)
		if err != nil {
			return err
		}
		shards[i], err = outcomes.ReadShard(bounded(r, 1<<30))
		r.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	// A file is the same file by its content, whatever path reached it.
	first := shards[0]
	for i, s := range shards {
		if s.SourceSHA256 != first.SourceSHA256 || !sameSet(s.Set, first.Set) {
			return fmt.Errorf("%w: %s and %s come from other files or -set values (%s %.12s, %s %.12s)", outcomes.ErrShards, files[0], files[i], first.File, first.SourceSHA256, s.File, s.SourceSHA256)
		}
	}
	var sc *scenario.Scenario
	name, hash := first.File, first.SourceSHA256
	switch {
	case file != "":
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		if sum := sha256.Sum256(data); first.SourceSHA256 != "" && hex.EncodeToString(sum[:]) != first.SourceSHA256 {
			return fmt.Errorf("%w: -scenario %s is not the file the shards ran (sha256 %.12s)", outcomes.ErrShards, file, first.SourceSHA256)
		}
		if sc, err = load(ctx, file); err != nil {
			return err
		}
		name, hash = file, fileHash(file)
	case len(first.Source) > 0:
		if sum := sha256.Sum256(first.Source); hex.EncodeToString(sum[:]) != first.SourceSHA256 {
			return fmt.Errorf("%w: %s: the scenario it carries does not match its hash", outcomes.ErrShards, files[0])
		}
		if sc, err = scenariofile.Parse(first.File, bytes.Clone(first.Source)); err != nil {
			return fmt.Errorf("%s: the scenario it carries: %w", files[0], err)
		}
	default:
		return fmt.Errorf("the shards do not carry their scenario: give it with -scenario FILE: %w", errUsage)
	}
	if len(first.Set) > 0 {
		if sc, err = sc.With(first.Set); err != nil {
			return fmt.Errorf("%s: its -set values: %w", files[0], err)
		}
	}
	res, err := outcomes.Merge(sc, shards, files)
	if err != nil {
		return err
	}
	return disk.write(out, stdout, func(w io.Writer) error {
		return writeResultOf(w, format, name, hash, res)
	})
}

func sameSet(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		if y, ok := b[k]; !ok || y != x {
			return false
		}
	}
	return true
}

// isTable reports whether a file is an exploration's table (JSON Lines
// whose first line has a design) rather than a run's shard.
func isTable(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var head struct {
		Design *string `json:"design"`
	}
	dec := json.NewDecoder(io.LimitReader(f, 1<<20))
	return dec.Decode(&head) == nil && head.Design != nil
}

// expandDirs replaces each directory among paths by the .json and .jsonl
// files in it, in name order: a batch engine's shards, however many.
func expandDirs(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil || !fi.IsDir() {
			out = append(out, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		n := len(out)
		for _, e := range entries {
			if name := e.Name(); !e.IsDir() && (strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".jsonl")) {
				out = append(out, filepath.Join(p, name))
			}
		}
		if len(out) == n {
			return nil, fmt.Errorf("%s: no .json or .jsonl files in the directory: %w", p, errUsage)
		}
	}
	return out, nil
}
