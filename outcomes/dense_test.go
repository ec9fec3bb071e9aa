package outcomes

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func randomDense(r *rand.Rand, rows, cols int, zeros float64) *mat.Dense {
	d := mat.NewDense(rows, cols, nil)
	for i := range rows {
		for j := range cols {
			if r.Float64() >= zeros {
				d.Set(i, j, r.NormFloat64()*math.Exp(r.Float64()*4-2))
			}
		}
	}
	return d
}

func sameBits(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, gonum %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s: value %d is %v, gonum's %v", what, i, got[i], want[i])
		}
	}
}

// On amd64 the dense kernels of exact analysis are gonum's to the bit, so
// that no exact result there changed when they replaced it; CI compares
// exact results of amd64 and arm64.
func TestDenseKernelsAreGonums(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("gonum's assembly is the reference on amd64 only")
	}
	r := rand.New(rand.NewPCG(11, 12))
	for n := 1; n <= 64; n++ {
		for _, zeros := range []float64{0, 0.5, 0.9} {
			a, b := randomDense(r, n, n+r.IntN(3), zeros), randomDense(r, n+r.IntN(3), n, zeros)
			_, ac := a.Dims()
			b2 := randomDense(r, ac, n+1, zeros)
			var want mat.Dense
			want.Mul(a, b2)
			sameBits(t, "a·b", mulDense(a, b2).RawMatrix().Data, want.RawMatrix().Data)

			br, bc := b.Dims()
			v := make([]float64, br)
			for i := range v {
				v[i] = r.Float64()
			}
			var wv mat.VecDense
			wv.MulVec(b.T(), mat.NewVecDense(br, append([]float64(nil), v...)))
			sameBits(t, "v·b", vecMat(v, b), wv.RawVector().Data)

			x := make([]float64, bc)
			for i := range x {
				x[i] = r.NormFloat64()
			}
			var wx mat.VecDense
			wx.MulVec(b, mat.NewVecDense(bc, append([]float64(nil), x...)))
			sameBits(t, "b·x", matTimes(b, x), wx.RawVector().Data)

			// A generator's -Q_TT: diagonally dominant, as exact inverts.
			q := randomDense(r, n, n, zeros)
			for i := range n {
				var s float64
				for j := range n {
					if j != i {
						q.Set(i, j, -math.Abs(q.At(i, j)))
						s += math.Abs(q.At(i, j))
					}
				}
				q.Set(i, i, s+0.01+r.Float64())
			}
			for _, m := range []*mat.Dense{q, randomDense(r, n, n, 0)} {
				var wi mat.Dense
				werr := wi.Inverse(m)
				got, err := inverse(m)
				if (err == nil) != (werr == nil) {
					t.Fatalf("n=%d: inverse error %v, gonum's %v", n, err, werr)
				}
				if err == nil {
					sameBits(t, "a⁻¹", got.RawMatrix().Data, wi.RawMatrix().Data)
				}
			}
		}
	}
}

// A singular or nearly singular matrix has no inverse; the identity is its
// own.
func TestInverseRefusesSingularMatrices(t *testing.T) {
	for _, m := range []*mat.Dense{
		mat.NewDense(2, 2, []float64{1, 2, 2, 4}),
		mat.NewDense(3, 3, []float64{1, 0, 0, 0, 0, 0, 0, 0, 1}),
		mat.NewDense(2, 2, []float64{1, 1, 1, 1 + 1e-17}),
		mat.NewDense(2, 2, []float64{math.NaN(), 0, 0, 1}),
	} {
		if _, err := inverse(m); err == nil {
			t.Errorf("inverse of %v: no error", mat.Formatted(m))
		}
	}
	got, err := inverse(identity(5))
	if err != nil || !mat.Equal(got, identity(5)) {
		t.Errorf("inverse of the identity: %v, %v", mat.Formatted(got), err)
	}
}
