// Command release makes and checks parley's releases. The repository
// holds two modules, the library (github.com/parleysim/parley, at the
// root) and the command (github.com/parleysim/parley/cmd/parley), released
// together under one version: tags vX.Y.Z and cmd/parley/vX.Y.Z on one
// commit. On main the command's go.mod replaces the library with the
// working tree and no browser engine is kept; a release's commit, made
// off main, requires the library's tag instead (go install refuses
// replace directives) and carries the engine built from exactly that
// library.
//
//	release proxy -version V -out DIR   a module proxy (GOPROXY=file://DIR) serving both
//	                                    modules as they are in the working tree, at V
//	release api -check|-write           the library's API against the last release's
//	release tag -version V              the release commit and its two tags
//
// See RELEASING.md for the steps.
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"

	"github.com/parleysim/parley/cmd/parley/internal/wasmengine"
)

const (
	library = "github.com/parleysim/parley"
	tool    = "github.com/parleysim/parley/cmd/parley"
	toolDir = "cmd/parley"
	// apiDir holds the library's API at each release, as apidiff writes it.
	apiDir = "cmd/parley/internal/release/api"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	fl := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	version := fl.String("version", "", "the release's version, vX.Y.Z")
	out := fl.String("out", "", "proxy: the directory to write the module proxy in")
	check := fl.Bool("check", false, "api: fail on an incompatible change the changelog does not announce")
	write := fl.Bool("write", false, "api: record the library's API for -version")
	fl.Parse(os.Args[2:])
	root, err := repoRoot()
	if err == nil {
		switch os.Args[1] {
		case "proxy":
			err = proxy(root, *version, *out)
		case "api":
			err = api(root, *version, *check, *write)
		case "tag":
			err = tag(root, *version)
		default:
			usage()
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: release proxy -version V -out DIR | release api -check | release api -write -version V | release tag -version V")
	os.Exit(2)
}

// repoRoot is the directory of go.work, above the working directory.
func repoRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.work")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("not in parley's repository (no go.work above)")
		}
		d = filepath.Dir(d)
	}
}

func checkVersion(v string) error {
	if !semver.IsValid(v) || semver.Build(v) != "" || semver.Major(v) != "v0" && semver.Major(v) != "v1" {
		return fmt.Errorf("version %q: want vX.Y.Z (v0 or v1: a v2 changes the module paths)", v)
	}
	return nil
}

// tracked lists the files git tracks under dir (relative to root), minus
// those in nested modules, as paths relative to dir.
func tracked(root, dir string) ([]string, error) {
	all, err := listFiles(root, dir)
	if err != nil {
		return nil, err
	}
	var nested []string // directories of other modules
	var files []string
	for _, f := range all {
		if path.Base(f) == "go.mod" && path.Dir(f) != dir {
			nested = append(nested, path.Dir(f)+"/")
		}
	}
	for _, f := range all {
		inNested := false
		for _, n := range nested {
			if strings.HasPrefix(f, n) {
				inNested = true
			}
		}
		if f == "" || inNested {
			continue
		}
		rel := f
		if dir != "." {
			rel = strings.TrimPrefix(f, dir+"/")
		}
		files = append(files, rel)
	}
	return files, nil
}

// listFiles lists the files under dir as git tracks them or, where git
// cannot say (a copy without its history, or one git refuses to read as
// another user's), as the tree holds them less what .gitignore names:
// build outputs and the generated engine.
func listFiles(root, dir string) ([]string, error) {
	cmd := exec.Command("git", "ls-files", "-z", "--", dir)
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil && len(out) > 0 {
		return strings.Split(strings.TrimRight(string(out), "\x00"), "\x00"), nil
	}
	var all []string
	err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		ignored := rel == "parley" || strings.HasSuffix(rel, ".test") || strings.HasSuffix(rel, ".out") || strings.HasSuffix(rel, ".prof") ||
			strings.HasPrefix(rel, toolDir+"/report/engine/") && rel != toolDir+"/report/engine/README.md"
		if !ignored && d.Type().IsRegular() {
			all = append(all, rel)
		}
		return nil
	})
	return all, err
}

// memFile is a file of a module zip, from disk or from memory.
type memFile struct {
	path string
	data []byte
}

func (f memFile) Path() string { return f.path }
func (f memFile) Lstat() (os.FileInfo, error) {
	return fileInfo{name: path.Base(f.path), size: int64(len(f.data))}, nil
}
func (f memFile) Open() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(f.data)), nil }

type fileInfo struct {
	name string
	size int64
}

func (fi fileInfo) Name() string       { return fi.name }
func (fi fileInfo) Size() int64        { return fi.size }
func (fi fileInfo) Mode() fs.FileMode  { return 0o644 }
func (fi fileInfo) ModTime() time.Time { return time.Time{} }
func (fi fileInfo) IsDir() bool        { return false }
func (fi fileInfo) Sys() any           { return nil }

// relModule is one module's files for a release.
type relModule struct {
	path  string
	files map[string][]byte
}

func readModule(root, dir, modPath string) (*relModule, error) {
	names, err := tracked(root, dir)
	if err != nil {
		return nil, err
	}
	m := &relModule{path: modPath, files: map[string][]byte{}}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(root, dir, n))
		if err != nil {
			return nil, err
		}
		m.files[n] = data
	}
	return m, nil
}

// zipModule writes m's zip at version v and returns it with its h1 hash.
func zipModule(m *relModule, v string) ([]byte, string, error) {
	var files []modzip.File
	for n, data := range m.files {
		files = append(files, memFile{n, data})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path() < files[j].Path() })
	var buf bytes.Buffer
	if err := modzip.Create(&buf, module.Version{Path: m.path, Version: v}, files); err != nil {
		return nil, "", err
	}
	h, err := hashZip(buf.Bytes())
	return buf.Bytes(), h, err
}

func hashZip(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	var names []string
	byName := map[string]*zip.File{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		byName[f.Name] = f
	}
	return dirhash.Hash1(names, func(n string) (io.ReadCloser, error) { return byName[n].Open() })
}

func hashGoMod(data []byte) (string, error) {
	return dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil })
}

// released makes the two modules as a release at v has them: the
// command's go.mod requires the library at v (no replace), its go.sum has
// the library's hashes, and report/engine holds the engine built from the
// working tree, stamped with the library's version and hash.
func released(root, v string) (lib, cmd *relModule, libZip []byte, err error) {
	if lib, err = readModule(root, ".", library); err != nil {
		return
	}
	if cmd, err = readModule(root, toolDir, tool); err != nil {
		return
	}
	libZip, libHash, err := zipModule(lib, v)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("the library's zip: %w", err)
	}
	modHash, err := hashGoMod(lib.files["go.mod"])
	if err != nil {
		return
	}
	mf, err := modfile.Parse("go.mod", cmd.files["go.mod"], nil)
	if err != nil {
		return
	}
	for _, r := range mf.Replace {
		if r.Old.Path == library {
			if err = mf.DropReplace(r.Old.Path, r.Old.Version); err != nil {
				return
			}
		}
	}
	if err = mf.AddRequire(library, v); err != nil {
		return
	}
	mf.Cleanup()
	gomod, err := mf.Format()
	if err != nil {
		return
	}
	gomod = regexp.MustCompile(`(?m)^// The library is this repository's root\..*\n(//.*\n)*`).ReplaceAll(gomod, nil)
	cmd.files["go.mod"] = gomod
	sum := string(cmd.files["go.sum"])
	sum += fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n", library, v, libHash, library, v, modHash)
	cmd.files["go.sum"] = []byte(sum)

	tmp, err := os.MkdirTemp("", "parley-release")
	if err != nil {
		return
	}
	defer os.RemoveAll(tmp)
	stamp, err := wasmengine.Generate(filepath.Join(root, toolDir), tmp)
	if err != nil {
		return
	}
	for _, n := range []string{"engine.wasm.gz", "wasm_exec.js"} {
		data, rerr := os.ReadFile(filepath.Join(tmp, n))
		if rerr != nil {
			return nil, nil, nil, rerr
		}
		cmd.files["report/engine/"+n] = data
	}
	sources, _, _ := strings.Cut(stamp, "\n")
	cmd.files["report/engine/engine.stamp"] = []byte(fmt.Sprintf("%s\nlibrary %s %s\n", sources, v, libHash))
	return lib, cmd, libZip, nil
}

// proxy writes a module proxy serving both modules at v.
func proxy(root, v, out string) error {
	if err := checkVersion(v); err != nil {
		return err
	}
	if out == "" {
		return errors.New("proxy: -out DIR is required")
	}
	lib, cmd, libZip, err := released(root, v)
	if err != nil {
		return err
	}
	cmdZip, _, err := zipModule(cmd, v)
	if err != nil {
		return fmt.Errorf("the command's zip: %w", err)
	}
	info, _ := json.Marshal(map[string]string{"Version": v, "Time": "2026-01-01T00:00:00Z"})
	for _, m := range []struct {
		mod *relModule
		zip []byte
	}{{lib, libZip}, {cmd, cmdZip}} {
		esc, err := module.EscapePath(m.mod.path)
		if err != nil {
			return err
		}
		dir := filepath.Join(out, filepath.FromSlash(esc), "@v")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		for name, data := range map[string][]byte{"list": []byte(v + "\n"), v + ".info": info, v + ".mod": m.mod.files["go.mod"], v + ".zip": m.zip} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				return err
			}
		}
		fmt.Printf("%s@%s: zip %d bytes\n", m.mod.path, v, len(m.zip))
	}
	return nil
}

// apidiffBinary builds apidiff (a tool of the command's module) into dir.
func apidiffBinary(root, dir string) (string, error) {
	bin := filepath.Join(dir, "apidiff")
	c := exec.Command("go", "build", "-o", bin, "golang.org/x/exp/cmd/apidiff")
	c.Dir = filepath.Join(root, toolDir)
	if out, err := c.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building apidiff: %v\n%s", err, out)
	}
	return bin, nil
}

// lastAPI returns the newest release's API file and its version.
func lastAPI(root string) (string, string, error) {
	entries, err := os.ReadDir(filepath.Join(root, apiDir))
	if err != nil {
		return "", "", err
	}
	best := ""
	for _, e := range entries {
		v := strings.TrimSuffix(e.Name(), ".api")
		if semver.IsValid(v) && (best == "" || semver.Compare(v, best) > 0) {
			best = v
		}
	}
	if best == "" {
		return "", "", fmt.Errorf("no release's API in %s", apiDir)
	}
	return filepath.Join(root, apiDir, best+".api"), best, nil
}

// api records the library's API (-write) or compares it with the last
// release's (-check): every incompatible change must be named under
// "### Breaking" in the changelog's Unreleased section, as package.Name
// (outcomes.StateResult.By), or by its import path for a package removed.
func api(root, v string, check, write bool) error {
	tmp, err := os.MkdirTemp("", "parley-apidiff")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin, err := apidiffBinary(root, tmp)
	if err != nil {
		return err
	}
	run := func(args ...string) (string, error) {
		c := exec.Command(bin, args...)
		c.Dir, c.Env = root, append(os.Environ(), "GOWORK=off")
		out, err := c.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("apidiff %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out), nil
	}
	switch {
	case write:
		if err := checkVersion(v); err != nil {
			return err
		}
		_, err := run("-m", "-w", filepath.Join(root, apiDir, v+".api"), library)
		return err
	case check:
		file, last, err := lastAPI(root)
		if err != nil {
			return err
		}
		out, err := run("-m", "-incompatible", file, library)
		if err != nil {
			return err
		}
		changes := incompatible(out)
		log, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
		if err != nil {
			return err
		}
		announced := breaking(string(log))
		var missing []string
		for _, c := range changes {
			if !named(announced, c.name) {
				missing = append(missing, fmt.Sprintf("%s (%s)", c.name, c.what))
			}
		}
		fmt.Printf("the library's API against %s: %d incompatible changes, %d announced\n", last, len(changes), len(changes)-len(missing))
		if len(missing) > 0 {
			return fmt.Errorf("incompatible changes the changelog's Unreleased section does not announce under \"### Breaking\":\n  %s",
				strings.Join(missing, "\n  "))
		}
		return nil
	}
	return errors.New("api: say -check or -write")
}

type change struct{ name, what string }

// named reports whether text names name as a whole: outcomes.Merge is not
// named by outcomes.MergeAll, nor a package path by a longer one.
func named(text, name string) bool {
	return regexp.MustCompile(`(^|[^\w./])` + regexp.QuoteMeta(name) + `($|[^\w/])`).MatchString(text)
}

// incompatible reads apidiff -m -incompatible's report: a package's path
// on a line of its own, then "- Name: what changed" lines; or, for changes
// inside packages that remain, "- ./pkg.Name: what changed" lines.
func incompatible(report string) []change {
	var out []change
	pkg := ""
	for _, line := range strings.Split(report, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, library):
			pkg = path.Base(t)
		case strings.HasPrefix(t, "- "):
			name, what, _ := strings.Cut(strings.TrimPrefix(t, "- "), ": ")
			if name == "" {
				continue
			}
			full := pkg + "." + name
			if p, ok := strings.CutPrefix(name, "package "); ok {
				full = p // a package removed or added: its import path
			} else if pkg == "" {
				// Module mode names a package by its path in the module:
				// "./actors.Bind".
				full = strings.TrimPrefix(name, "./")
			}
			out = append(out, change{full, what})
		}
	}
	return out
}

// breaking returns the "### Breaking" part of the changelog's Unreleased
// section.
func breaking(log string) string {
	_, rest, ok := strings.Cut(log, "## Unreleased")
	if !ok {
		return ""
	}
	if i := strings.Index(rest, "\n## "); i >= 0 {
		rest = rest[:i]
	}
	_, b, ok := strings.Cut(rest, "### Breaking")
	if !ok {
		return ""
	}
	if i := strings.Index(b, "\n### "); i >= 0 {
		b = b[:i]
	}
	return b
}

// tag makes the release commit, off HEAD, and tags it vX.Y.Z and
// cmd/parley/vX.Y.Z. HEAD must be clean and must already record the
// release's API (release api -write) and its changelog section.
func tag(root, v string) error {
	if err := checkVersion(v); err != nil {
		return err
	}
	git := func(args ...string) (string, error) {
		c := exec.Command("git", args...)
		c.Dir = root
		out, err := c.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out)), nil
	}
	if st, err := git("status", "--porcelain", "--untracked-files=no"); err != nil || st != "" {
		return fmt.Errorf("the working tree has changes: commit them first\n%s", st)
	}
	if _, err := os.Stat(filepath.Join(root, apiDir, v+".api")); err != nil {
		return fmt.Errorf("no %s/%s.api: run release api -write -version %s and commit it first", apiDir, v, v)
	}
	log, _ := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if !strings.Contains(string(log), "## "+v) {
		return fmt.Errorf("CHANGELOG.md has no section \"## %s\"", v)
	}
	_, cmd, _, err := released(root, v)
	if err != nil {
		return err
	}
	wt, err := os.MkdirTemp("", "parley-release-tree")
	if err != nil {
		return err
	}
	os.RemoveAll(wt)
	if _, err := git("worktree", "add", "--detach", wt, "HEAD"); err != nil {
		return err
	}
	defer git("worktree", "remove", "--force", wt)
	for _, n := range []string{"go.mod", "go.sum", "report/engine/engine.wasm.gz", "report/engine/wasm_exec.js", "report/engine/engine.stamp"} {
		if err := os.WriteFile(filepath.Join(wt, toolDir, n), cmd.files[n], 0o644); err != nil {
			return err
		}
	}
	in := func(args ...string) error {
		c := exec.Command("git", args...)
		c.Dir = wt
		if out, err := c.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	if err := in("add", "-f", toolDir); err != nil {
		return err
	}
	if err := in("commit", "-q", "-m", "Release "+v+": the command requires the library at "+v+" and embeds the browser engine built from it"); err != nil {
		return err
	}
	for _, t := range []string{v, toolDir + "/" + v} {
		if err := in("tag", "-a", t, "-m", "parley "+v); err != nil {
			return err
		}
	}
	fmt.Printf("tagged %s and %s/%s; push both tags (git push origin %s %s/%s)\n", v, toolDir, v, v, toolDir, v)
	return nil
}
