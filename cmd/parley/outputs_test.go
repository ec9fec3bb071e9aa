package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Input files were read through io.LimitReader, which ends a longer file
// early without a word: a CSV row cut inside a number still read as one.
func TestBoundedReaderFailsPastItsLimit(t *testing.T) {
	data, err := io.ReadAll(bounded(strings.NewReader("0123456789"), 10))
	require.NoError(t, err, "exactly the limit")
	assert.Equal(t, "0123456789", string(data))
	_, err = io.ReadAll(bounded(strings.NewReader("0123456789x"), 10))
	assert.ErrorIs(t, err, errTooLarge)
	_, err = io.ReadAll(bounded(bytes.NewReader(nil), 0))
	assert.NoError(t, err)
}
