package report

//go:generate go run ../internal/wasmengine/generate
