package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSlurmArrayJob runs the washington file as a 4-task Slurm array job
// on a single-node cluster it starts (munged, slurmctld and slurmd, all
// configured in a temporary directory, on ports of their own), merges the
// shards with deploy/slurm's merge step, and checks the result byte for
// byte against one machine's run. It stops the daemons it started.
func TestSlurmArrayJob(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Slurm cluster; skipped with -short")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to start munged, slurmctld and slurmd as the cluster's own user (CI runs as root)")
	}
	for _, cmd := range []string{"munged", "slurmctld", "slurmd", "sbatch", "sinfo"} {
		if _, err := exec.LookPath(cmd); err != nil {
			t.Skipf("%s not found: install Debian's slurm-wlm and munge (apt-get install -y slurm-wlm munge; .ci/run does)", cmd)
		}
	}
	dir, err := os.MkdirTemp("", "parley-slurm")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(dir, 0o755)) // munge's socket must be reachable by every user
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := func(p ...string) string { return filepath.Join(append([]string{dir}, p...)...) }
	for _, d := range []string{"munge", "state", "spool", "shards"} {
		require.NoError(t, os.Mkdir(path(d), 0o755))
	}
	require.NoError(t, os.Chmod(path("munge"), 0o711))
	key := make([]byte, 1024)
	_, _ = rand.Read(key)
	require.NoError(t, os.WriteFile(path("munge", "munge.key"), key, 0o400))

	run := func(name string, args ...string) {
		t.Helper()
		out, err := exec.Command(name, args...).CombinedOutput()
		require.NoError(t, err, "%s %v: %s", name, args, out)
	}
	socket := path("munge", "munge.socket")
	run("munged", "--force", "--key-file="+path("munge", "munge.key"), "--socket="+socket,
		"--pid-file="+path("munge", "munged.pid"), "--log-file="+path("munge", "munged.log"), "--seed-file="+path("munge", "munged.seed"))
	t.Cleanup(func() { exec.Command("munged", "--stop", "--socket="+socket).Run() })

	host, err := os.Hostname()
	require.NoError(t, err)
	host, _, _ = strings.Cut(host, ".")
	conf := fmt.Sprintf(`ClusterName=parleytest
SlurmctldHost=%[2]s(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=%[3]s
CredType=cred/munge
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=%[1]s/state
SlurmdSpoolDir=%[1]s/spool
SlurmctldPidFile=%[1]s/slurmctld.pid
SlurmdPidFile=%[1]s/slurmd.pid
SlurmctldLogFile=%[1]s/slurmctld.log
SlurmdLogFile=%[1]s/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
SwitchType=switch/none
NodeName=%[2]s NodeAddr=127.0.0.1 CPUs=%[4]d RealMemory=1000 State=UNKNOWN
PartitionName=parley Nodes=ALL Default=YES MaxTime=INFINITE State=UP
`, dir, host, socket, runtime.NumCPU())
	require.NoError(t, os.WriteFile(path("slurm.conf"), []byte(conf), 0o644))
	t.Setenv("SLURM_CONF", path("slurm.conf"))
	stop := func(pidFile string) {
		if b, err := os.ReadFile(pidFile); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				if p, err := os.FindProcess(pid); err == nil {
					p.Kill()
				}
			}
		}
	}
	run("slurmctld", "-c", "-f", path("slurm.conf"))
	t.Cleanup(func() { stop(path("slurmctld.pid")) })
	run("slurmd", "-f", path("slurm.conf"))
	t.Cleanup(func() { stop(path("slurmd.pid")) })
	logs := func() string {
		var b strings.Builder
		for _, f := range []string{"slurmctld.log", "slurmd.log"} {
			data, _ := os.ReadFile(path(f))
			fmt.Fprintf(&b, "--- %s\n%s\n", f, data)
		}
		return b.String()
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		out, _ := exec.Command("sinfo", "-h", "-o", "%t").Output()
		if strings.TrimSpace(string(out)) == "idle" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the node is not idle after 60 s (sinfo: %q)\n%s", out, logs())
		}
		time.Sleep(200 * time.Millisecond)
	}

	file, err := filepath.Abs("../../examples/scenarios/washington-summit.yaml")
	require.NoError(t, err)
	script, err := filepath.Abs("deploy/slurm")
	require.NoError(t, err)
	flags := []string{"-runs", "40000", "-seed", "5", "-draw"}
	env := append(os.Environ(), "PARLEY="+binary, "PARLEY_SHARDS="+path("shards"))
	sbatch := func(args ...string) string {
		cmd := exec.Command("sbatch", append([]string{"--chdir=" + dir}, args...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "sbatch %v: %s\n%s", args, out, logs())
		return strings.TrimSpace(string(out))
	}
	job := sbatch(append([]string{"--parsable", "--array=0-3", filepath.Join(script, "parley-array.sbatch"), file}, flags...)...)
	sbatch("--wait", "--dependency=afterok:"+job, filepath.Join(script, "parley-merge.sbatch"), "-format", "json", "-o", path("merged.json"))

	shards, err := filepath.Glob(path("shards", "shard-*.json"))
	require.NoError(t, err)
	assert.Len(t, shards, 4)
	merged, err := os.ReadFile(path("merged.json"))
	require.NoError(t, err, logs())
	one := exec.Command(binary, append([]string{"run", file, "-format", "json"}, flags...)...)
	var single bytes.Buffer
	one.Stdout = &single
	require.NoError(t, one.Run())
	assert.True(t, bytes.Equal(single.Bytes(), merged), "the merged result is not the single run's, byte for byte")
}

// The Kubernetes manifest's shard count is its number of completions, its
// completion mode Indexed, and its arguments ones parley takes.
func TestKubernetesManifest(t *testing.T) {
	data, err := os.ReadFile("deploy/kubernetes/parley-job.yaml")
	require.NoError(t, err)
	var job struct {
		Spec struct {
			Completions    int    `yaml:"completions"`
			CompletionMode string `yaml:"completionMode"`
			Template       struct {
				Spec struct {
					Containers []struct {
						Args []string `yaml:"args"`
					} `yaml:"containers"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	require.NoError(t, yaml.Unmarshal(data, &job))
	assert.Equal(t, "Indexed", job.Spec.CompletionMode)
	require.Len(t, job.Spec.Template.Spec.Containers, 1)
	args := job.Spec.Template.Spec.Containers[0].Args
	require.Contains(t, args, "-shard")
	spec := args[indexOf(args, "-shard")+1]
	env := func(k string) string {
		if k == "JOB_COMPLETION_INDEX" {
			return strconv.Itoa(job.Spec.Completions - 1)
		}
		return ""
	}
	index, count, err := shardSpec(spec, env)
	require.NoError(t, err)
	assert.Equal(t, job.Spec.Completions, count)
	assert.Equal(t, job.Spec.Completions-1, index)
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}
