package report

import (
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"strconv"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// pngDPI is the resolution graphs are drawn at: twice the 72 points an
// inch Graphviz lays out in, so that labels stay sharp on screens and in
// print.
const pngDPI = 144

// layout is Graphviz's JSON output (xdot 1.7): the drawing operations of
// the graph, its nodes and its edges, in points from the bottom left.
type layout struct {
	BB      string      `json:"bb"`
	Draw    []xdotOp    `json:"_draw_"`
	Objects []xdotParts `json:"objects"`
	Edges   []xdotParts `json:"edges"`
}

// xdotParts is a node's or an edge's drawing operations: its shape or
// spline, its label, and an edge's arrowheads and end labels.
type xdotParts struct {
	Draw   []xdotOp `json:"_draw_"`
	LDraw  []xdotOp `json:"_ldraw_"`
	HDraw  []xdotOp `json:"_hdraw_"`
	TDraw  []xdotOp `json:"_tdraw_"`
	HLDraw []xdotOp `json:"_hldraw_"`
	TLDraw []xdotOp `json:"_tldraw_"`
}

// xdotOp is one drawing operation: E/e a filled or outlined ellipse (rect:
// centre and radii), P/p a filled or outlined polygon, L a polyline, B/b
// a Bézier spline (points), T text (pt, align, text), F a font (size, face), c/C the pen
// and fill colours, S a style.
type xdotOp struct {
	Op     string       `json:"op"`
	Rect   []float64    `json:"rect"`
	Points [][2]float64 `json:"points"`
	Pt     []float64    `json:"pt"`
	Align  string       `json:"align"`
	Width  float64      `json:"width"`
	Text   string       `json:"text"`
	Size   float64      `json:"size"`
	Face   string       `json:"face"`
	Color  string       `json:"color"`
	Style  string       `json:"style"`
}

// pen is the state of a drawing: colours, line and font.
type pen struct {
	stroke, fill color.Color
	width        vg.Length
	dashes       []vg.Length
	face         font.Face
}

// drawPNG draws Graphviz's JSON layout of a graph as a PNG: the same
// shapes, splines, arrowheads and labels its SVG has. Graphviz's own
// raster renderer fills every spline, which draws edges as black shapes.
func drawPNG(w io.Writer, data []byte) error {
	var lay layout
	if err := json.Unmarshal(data, &lay); err != nil {
		return fmt.Errorf("report: reading the graph's layout: %w", err)
	}
	var x0, y0, x1, y1 float64
	if _, err := fmt.Sscanf(lay.BB, "%g,%g,%g,%g", &x0, &y0, &x1, &y1); err != nil || !(x1 > x0) || !(y1 > y0) {
		return fmt.Errorf("report: the graph's layout has no bounding box (%q)", lay.BB)
	}
	const margin = 4
	wd, ht := x1-x0+2*margin, y1-y0+2*margin
	if wd*ht*pngDPI*pngDPI/(72*72) > 1<<28 {
		return fmt.Errorf("report: the graph is %.0f by %.0f points, too large to draw as a PNG: draw it as SVG", wd, ht)
	}
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(wd), vg.Length(ht)), vgimg.UseDPI(pngDPI), vgimg.UseBackgroundColor(color.White))
	at := func(x, y float64) vg.Point {
		return vg.Point{X: vg.Length(x - x0 + margin), Y: vg.Length(y - y0 + margin)}
	}
	p := &pen{stroke: color.Black, fill: color.Black, width: 1, face: lookupFace("Times-Roman", 14)}
	draw := func(ops []xdotOp) {
		for _, op := range ops {
			p.apply(c, op, at)
		}
	}
	draw(lay.Draw)
	for _, o := range lay.Objects {
		draw(o.Draw)
		draw(o.LDraw)
	}
	for _, e := range lay.Edges {
		for _, ops := range [][]xdotOp{e.Draw, e.HDraw, e.TDraw, e.LDraw, e.HLDraw, e.TLDraw} {
			draw(ops)
		}
	}
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}

// apply carries out one operation on the canvas.
func (p *pen) apply(c *vgimg.Canvas, op xdotOp, at func(x, y float64) vg.Point) {
	switch op.Op {
	case "c":
		p.stroke = parseColor(op.Color)
	case "C":
		p.fill = parseColor(op.Color)
	case "S":
		p.style(op.Style)
	case "F":
		p.face = lookupFace(op.Face, op.Size)
	case "E", "e":
		if len(op.Rect) != 4 {
			return
		}
		var path vg.Path
		cx, cy, rx, ry := op.Rect[0], op.Rect[1], op.Rect[2], op.Rect[3]
		// Four cubic arcs, each a quarter of the ellipse; the products are
		// rounded before they are added, as everywhere in parley, so that
		// arm64 draws the same pixels.
		const k = 0.5522847498
		kx, ky := float64(k*rx), float64(k*ry)
		path.Move(at(cx+rx, cy))
		path.CubeTo(at(cx+rx, cy+ky), at(cx+kx, cy+ry), at(cx, cy+ry))
		path.CubeTo(at(cx-kx, cy+ry), at(cx-rx, cy+ky), at(cx-rx, cy))
		path.CubeTo(at(cx-rx, cy-ky), at(cx-kx, cy-ry), at(cx, cy-ry))
		path.CubeTo(at(cx+kx, cy-ry), at(cx+rx, cy-ky), at(cx+rx, cy))
		path.Close()
		p.paint(c, path, op.Op == "E")
	case "P", "p", "L":
		if len(op.Points) < 2 {
			return
		}
		var path vg.Path
		path.Move(at(op.Points[0][0], op.Points[0][1]))
		for _, q := range op.Points[1:] {
			path.Line(at(q[0], q[1]))
		}
		if op.Op == "L" {
			p.paint(c, path, false)
			return
		}
		path.Close()
		p.paint(c, path, op.Op == "P")
	case "B", "b":
		if len(op.Points) < 4 {
			return
		}
		var path vg.Path
		path.Move(at(op.Points[0][0], op.Points[0][1]))
		for i := 1; i+2 < len(op.Points); i += 3 {
			a, b, d := op.Points[i], op.Points[i+1], op.Points[i+2]
			path.CubeTo(at(a[0], a[1]), at(b[0], b[1]), at(d[0], d[1]))
		}
		// A spline is a line: this Graphviz writes edges as b, which xdot
		// reserves for filled splines (filling them is what draws edges as
		// black shapes), and parley's graphs have no filled splines.
		p.paint(c, path, false)
	case "T":
		if len(op.Pt) != 2 || op.Text == "" {
			return
		}
		x := op.Pt[0]
		width := float64(p.face.Width(op.Text))
		switch op.Align {
		case "c":
			x -= float64(width / 2)
		case "r":
			x -= width
		}
		c.SetColor(p.stroke)
		c.FillString(p.face, at(x, op.Pt[1]), op.Text)
	}
}

// paint fills a closed path in the fill colour and outlines it in the
// pen's, or strokes an open one.
func (p *pen) paint(c *vgimg.Canvas, path vg.Path, filled bool) {
	if filled {
		c.SetColor(p.fill)
		c.Fill(path)
	}
	c.SetColor(p.stroke)
	c.SetLineWidth(p.width)
	c.SetLineDash(p.dashes, 0)
	c.Stroke(path)
}

// style reads a style operation: dashed, dotted, solid, bold and
// setlinewidth(N).
func (p *pen) style(s string) {
	switch {
	case s == "dashed":
		p.dashes = []vg.Length{5, 2}
	case s == "dotted":
		p.dashes = []vg.Length{1, 2}
	case s == "solid":
		p.dashes = nil
	case s == "bold":
		p.width = 2
	case strings.HasPrefix(s, "setlinewidth("):
		if w, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(s, "setlinewidth("), ")"), 64); err == nil && w >= 0 && w < 100 {
			p.width = vg.Length(w)
		}
	}
}

// parseColor reads #rrggbb or #rrggbbaa; anything else is black.
func parseColor(s string) color.Color {
	s = strings.TrimPrefix(s, "#")
	if len(s) != 6 && len(s) != 8 {
		return color.Black
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return color.Black
	}
	if len(s) == 6 {
		return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
	}
	return color.NRGBA{R: uint8(v >> 24), G: uint8(v >> 16), B: uint8(v >> 8), A: uint8(v)}
}

// fonts holds the Liberation faces, metric-compatible with the Times,
// Helvetica and Courier that Graphviz lays labels out for.
var fonts = func() *font.Cache {
	return font.NewCache(liberation.Collection())
}()

// lookupFace returns the face for Graphviz's font name at a size.
func lookupFace(name string, size float64) font.Face {
	if !(size > 0) || size > 200 {
		size = 14
	}
	f := font.Font{Typeface: "Liberation", Variant: "Serif"}
	low := strings.ToLower(name)
	switch {
	case strings.Contains(low, "helvetica"), strings.Contains(low, "arial"), strings.Contains(low, "sans"):
		f.Variant = "Sans"
	case strings.Contains(low, "courier"), strings.Contains(low, "mono"):
		f.Variant = "Mono"
	}
	if strings.Contains(low, "bold") {
		f.Weight = 700
	}
	return fonts.Lookup(f, vg.Length(size))
}
