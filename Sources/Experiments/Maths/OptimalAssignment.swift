/// The cheapest way to pair the rows of a square cost matrix with its columns, one to one: the
/// Hungarian method (Kuhn 1955) in its O(n³) form with row and column potentials.
///
/// Between two sets of n equally weighted points, an optimal transport plan can always be taken
/// to be such a pairing (Birkhoff: the extreme points of the doubly stochastic matrices are the
/// permutations), so this computes the Wasserstein distance between empirical distributions.
///
/// The potentials u (rows) and v (columns) keep cost[i][j] − u[i] − v[j] ≥ 0 everywhere and = 0
/// on the pairs chosen so far. Each row is added by a shortest augmenting path over these
/// reduced costs, and the potentials are raised by the path's length, so the final pairing has
/// reduced cost 0 on every pair: no other pairing can be cheaper.
///
/// Returns `assignment`, with row i paired to column `assignment[i]`.
func optimalAssignment(_ cost: [[Double]]) -> [Int] {
    let n = cost.count
    precondition(cost.allSatisfy { $0.count == n }, "optimalAssignment: the cost matrix must be square")
    guard n > 0 else { return [] }
    // Index 0 is a sentinel column (and "no row"); rows and columns are numbered from 1.
    var u = [Double](repeating: 0, count: n + 1)
    var v = [Double](repeating: 0, count: n + 1)
    var rowOfColumn = [Int](repeating: 0, count: n + 1)
    var previousColumn = [Int](repeating: 0, count: n + 1)
    for row in 1...n {
        rowOfColumn[0] = row
        var column = 0
        var shortest = [Double](repeating: .infinity, count: n + 1)
        var visited = [Bool](repeating: false, count: n + 1)
        // Grow a tree of tight edges from `row` until it reaches a free column.
        repeat {
            visited[column] = true
            let current = rowOfColumn[column]
            var delta = Double.infinity
            var next = 0
            for j in 1...n where !visited[j] {
                let reduced = cost[current - 1][j - 1] - u[current] - v[j]
                if reduced < shortest[j] {
                    shortest[j] = reduced
                    previousColumn[j] = column
                }
                if shortest[j] < delta {
                    delta = shortest[j]
                    next = j
                }
            }
            for j in 0...n {
                if visited[j] {
                    u[rowOfColumn[j]] += delta
                    v[j] -= delta
                } else {
                    shortest[j] -= delta
                }
            }
            column = next
        } while rowOfColumn[column] != 0
        // Flip the augmenting path back to the root.
        repeat {
            let previous = previousColumn[column]
            rowOfColumn[column] = rowOfColumn[previous]
            column = previous
        } while column != 0
    }
    var assignment = [Int](repeating: 0, count: n)
    for column in 1...n { assignment[rowOfColumn[column] - 1] = column - 1 }
    return assignment
}
