// INTERIM: deleted when the endpoints branch (can_* and is_final on each import) is merged.
const FINAL = new Set(['completed', 'completed_with_errors', 'failed', 'cancelled', 'rolled_back', 'validated']);
const ROLLBACK_FROM = new Set(['completed', 'completed_with_errors', 'cancelled', 'failed']);

export function withServerFlags(d) {
  if (d && !('is_final' in d)) {
    d.is_final = FINAL.has(d.status);
    d.can_rollback = ROLLBACK_FROM.has(d.status);
    d.can_retry = d.failed > 0 && d.is_final && d.status !== 'rolled_back';
  }
  return d;
}
