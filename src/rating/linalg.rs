//! Dense symmetric positive definite solves for the small systems of the rating fits (one row
//! and column per model, row-major `n x n`).

/// Replaces the lower triangle of `a` with its Cholesky factor `L` (`a = L L^T`). Returns false
/// when `a` is not (numerically) positive definite.
pub fn cholesky(a: &mut [f64], n: usize) -> bool {
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        // Also rejects NaN.
        if d.is_nan() || d <= 0.0 || !d.is_finite() {
            return false;
        }
        let d = d.sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
    }
    true
}

/// Solves `L L^T x = b` in place, `l` from [`cholesky`].
pub fn cholesky_solve(l: &[f64], n: usize, b: &mut [f64]) {
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= l[i * n + k] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= l[k * n + i] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
}

/// The inverse of `L L^T`, written to `out` (row-major, symmetric).
pub fn cholesky_inverse(l: &[f64], n: usize, out: &mut [f64]) {
    let mut col = vec![0.0; n];
    for j in 0..n {
        col.iter_mut().for_each(|x| *x = 0.0);
        col[j] = 1.0;
        cholesky_solve(l, n, &mut col);
        for i in 0..n {
            out[i * n + j] = col[i];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_and_inverts_a_small_system() {
        let a = [4.0, 2.0, 0.6, 2.0, 5.0, 1.0, 0.6, 1.0, 3.0];
        let mut l = a;
        assert!(cholesky(&mut l, 3));
        let mut x = [1.0, 2.0, 3.0];
        cholesky_solve(&l, 3, &mut x);
        for i in 0..3 {
            let ax: f64 = (0..3).map(|k| a[i * 3 + k] * x[k]).sum();
            assert!((ax - (i + 1) as f64).abs() < 1e-12);
        }
        let mut inv = [0.0; 9];
        cholesky_inverse(&l, 3, &mut inv);
        for i in 0..3 {
            for j in 0..3 {
                let p: f64 = (0..3).map(|k| a[i * 3 + k] * inv[k * 3 + j]).sum();
                assert!((p - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn rejects_a_singular_matrix() {
        let mut a = [1.0, -1.0, -1.0, 1.0];
        assert!(!cholesky(&mut a, 2));
    }
}
