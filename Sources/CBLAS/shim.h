#include <stddef.h>
#include <cblas.h>

// LAPACK, which Debian's libopenblas also exports (`nm -D libopenblas.so | grep dsyevd_`) but
// ships no header for (lapack.h comes with the reference LAPACK's liblapack-dev). The Fortran
// interface: every argument by pointer, and one hidden length per character argument, last.
// blasint is OpenBLAS's LAPACK integer (32-bit in Debian's build).

/// Eigenvalues (jobz 'N') or eigenvalues and eigenvectors (jobz 'V') of a symmetric matrix,
/// divide and conquer. A (column-major, upper or lower triangle per uplo) is overwritten by the
/// eigenvectors; w gets the eigenvalues in ascending order. lwork = liwork = -1 queries sizes.
void dsyevd_(const char *jobz, const char *uplo, const blasint *n, double *a, const blasint *lda,
             double *w, double *work, const blasint *lwork, blasint *iwork, const blasint *liwork,
             blasint *info, size_t jobz_length, size_t uplo_length);
