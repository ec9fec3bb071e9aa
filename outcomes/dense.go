package outcomes

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// The dense kernels of exact analysis. gonum's BLAS is assembly on amd64
// and Go on arm64, where the compiler fuses its products into sums, so the
// same chain gave other last digits on arm64. These kernels sum in exactly
// the order of gonum's amd64 assembly (for Inverse, of its unblocked LAPACK
// path, which gonum takes up to 64 states) with every product rounded:
// amd64's results are unchanged, and every machine computes the same bits.

// mulDense returns a·b: each entry summed over l in order, skipping zero
// entries of a (gonum's Dgemm).
func mulDense(a, b *mat.Dense) *mat.Dense {
	ra, rb := a.RawMatrix(), b.RawMatrix()
	m, k, n := ra.Rows, ra.Cols, rb.Cols
	c := make([]float64, m*n)
	for i := range m {
		ci := c[i*n : (i+1)*n]
		for l, v := range ra.Data[i*ra.Stride : i*ra.Stride+k] {
			if v == 0 {
				continue
			}
			for j, w := range rb.Data[l*rb.Stride : l*rb.Stride+n] {
				ci[j] += float64(v * w)
			}
		}
	}
	return mat.NewDense(m, n, c)
}

// vecMat returns the row vector v·m, summed over m's rows in order
// (gonum's Dgemv with m transposed).
func vecMat(v []float64, m *mat.Dense) []float64 {
	rm := m.RawMatrix()
	out := make([]float64, rm.Cols)
	for i, x := range v[:rm.Rows] {
		for j, w := range rm.Data[i*rm.Stride : i*rm.Stride+rm.Cols] {
			out[j] += float64(w * x)
		}
	}
	return out
}

// matTimes returns the column vector m·x (gonum's Dgemv).
func matTimes(m *mat.Dense, x []float64) []float64 {
	rm := m.RawMatrix()
	y := make([]float64, rm.Rows)
	gemvN(rm.Rows, rm.Cols, 1, rm.Data, rm.Stride, x, 0, y, 1)
	return y
}

// gemvN sets y = alpha·a·x + beta·y for the rows×cols matrix a, in the
// order of gonum's amd64 GemvN with x contiguous: each row sums its even
// and its odd columns apart, then adds the two sums and, for an odd number
// of columns, the last product, which the last row of an odd number of
// rows adds to the even sum before the odd one.
func gemvN(rows, cols int, alpha float64, a []float64, lda int, x []float64, beta float64, y []float64, incY int) {
	if rows == 0 || cols == 0 {
		return
	}
	if beta == 0 {
		for i := range rows {
			y[i*incY] = 0
		}
	}
	pairs := cols - cols%2
	for i := range rows {
		row := a[i*lda : i*lda+cols]
		var even, odd float64
		for j := 0; j < pairs; j += 2 {
			even += float64(row[j] * x[j])
			odd += float64(row[j+1] * x[j+1])
		}
		s := even + odd
		if pairs < cols {
			t := float64(row[pairs] * x[pairs])
			if rows%2 == 1 && i == rows-1 {
				s = (even + t) + odd
			} else {
				s += t
			}
		}
		y[i*incY] = float64(alpha*s) + float64(beta*y[i*incY])
	}
}

// dotInc is gonum's amd64 DotInc of the n entries x[0], x[incX], ... and
// y[0], y[1], ...: the first product of each pair in one sum, the second
// (and an odd last one) in another, and the two added.
func dotInc(n int, x []float64, incX int, y []float64) float64 {
	var hi, lo float64
	k := 0
	for ; k+1 < n; k += 2 {
		hi += float64(x[k*incX] * y[k])
		lo += float64(x[(k+1)*incX] * y[k+1])
	}
	if k < n {
		lo += float64(x[k*incX] * y[k])
	}
	return hi + lo
}

// errSingular says a matrix has no inverse that can be trusted.
var errSingular = errors.New("the matrix is singular or nearly so")

// inverse returns a⁻¹ by LU factorisation with partial pivoting, in the
// order of LAPACK's unblocked dgetf2, dtrti2 and dgetri as gonum writes
// them. It fails when a pivot is zero or the condition number in the
// 1-norm passes 1e16 (gonum's ConditionTolerance).
func inverse(a *mat.Dense) (*mat.Dense, error) {
	n, c := a.Dims()
	if n != c {
		return nil, errors.New("the matrix is not square")
	}
	w := mat.DenseCopyOf(a).RawMatrix().Data // n×n, stride n
	norm := norm1(w, n)
	ipiv := make([]int, n)
	ok := true
	// dgetf2: A = P·L·U, L and U in place.
	for j := range n {
		jp, max := j, math.Abs(w[j*n+j])
		for i := j + 1; i < n; i++ {
			if v := math.Abs(w[i*n+j]); v > max {
				jp, max = i, v
			}
		}
		ipiv[j] = jp
		if w[jp*n+j] == 0 {
			ok = false
		} else {
			if jp != j {
				for k := range n {
					w[j*n+k], w[jp*n+k] = w[jp*n+k], w[j*n+k]
				}
			}
			if aj := w[j*n+j]; math.Abs(aj) >= 0x1p-1022 {
				r := 1 / aj
				for i := j + 1; i < n; i++ {
					w[i*n+j] *= r
				}
			} else {
				for i := j + 1; i < n; i++ {
					w[i*n+j] /= aj
				}
			}
		}
		for i := j + 1; i < n; i++ { // the rank-one update
			t := -w[i*n+j]
			for k := j + 1; k < n; k++ {
				w[i*n+k] += float64(t * w[j*n+k])
			}
		}
	}
	if !ok {
		return nil, errSingular
	}
	// dtrti2: U⁻¹ in place, column by column.
	for j := range n {
		ajj := 1 / w[j*n+j]
		w[j*n+j] = ajj
		ajj = -ajj
		switch { // x = U⁻¹[0:j, 0:j]·x for x the column above the diagonal
		case j == 1:
			w[j] *= w[0]
		case j > 1:
			for i := range j {
				tmp := float64(w[i*n+i] * w[i*n+j])
				// The column below row i (stride n) times the row right of
				// the diagonal.
				w[i*n+j] = tmp + dotInc(j-i-1, w[(i+1)*n+j:], n, w[i*n+i+1:])
			}
		}
		for i := range j {
			w[i*n+j] *= ajj
		}
	}
	// dgetri: solve A⁻¹·L = U⁻¹ for A⁻¹, then undo the row interchanges
	// on the columns.
	work := make([]float64, n)
	for j := n - 1; j >= 0; j-- {
		for i := j + 1; i < n; i++ {
			work[i] = w[i*n+j]
			w[i*n+j] = 0
		}
		if j < n-1 {
			gemvN(n, n-j-1, -1, w[j+1:], n, work[j+1:], 1, w[j:], n)
		}
	}
	for j := n - 2; j >= 0; j-- {
		if jp := ipiv[j]; jp != j {
			for i := range n {
				w[i*n+j], w[i*n+jp] = w[i*n+jp], w[i*n+j]
			}
		}
	}
	if cond := norm * norm1(w, n); !(cond <= 1e16) {
		return nil, errSingular
	}
	return mat.NewDense(n, n, w), nil
}

// norm1 is the largest column sum of absolute values of the n×n matrix w.
func norm1(w []float64, n int) float64 {
	var max float64
	for j := range n {
		var s float64
		for i := range n {
			s += math.Abs(w[i*n+j])
		}
		if s > max || math.IsNaN(s) {
			max = s
		}
	}
	return max
}
