package readme

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const page = "# A page\n\n```sh\nparley run FILE\n```\n\n<!-- run output -->\n```\n$ parley run FILE\nok\n```\n<!-- end -->\n\n```yaml\n```\n"

func TestBlockAndFences(t *testing.T) {
	path := filepath.Join(t.TempDir(), "page.md")
	require.NoError(t, os.WriteFile(path, []byte(page), 0o644))

	block, err := Block(path, "run")
	require.NoError(t, err)
	assert.Equal(t, "$ parley run FILE\nok\n", block)
	_, err = Block(path, "walk")
	assert.ErrorContains(t, err, `no "<!-- walk output -->" marker`)

	fences, err := Fences(path)
	require.NoError(t, err)
	assert.Equal(t, []Fence{
		{Lang: "sh", Text: "parley run FILE\n", Line: 3},
		{Lang: "", Text: "$ parley run FILE\nok\n", Line: 8, Note: "run output"},
		{Lang: "yaml", Text: "", Line: 14},
	}, fences)

	require.NoError(t, os.WriteFile(path, []byte("```sh\nparley run FILE\n"), 0o644))
	_, err = Fences(path)
	assert.ErrorContains(t, err, ":1: the block opened here is not closed")
}
