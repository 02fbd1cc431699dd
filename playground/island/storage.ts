/**
 * Per-example edits kept in localStorage, so a reader's changes survive a reload. Anything odd in
 * storage (corrupt JSON, wrong shape, storage disabled or full) is ignored rather than thrown; a
 * save that fails is reported to the caller, which tells the reader once (STORAGE_FAILED).
 */

export const STORAGE_FAILED = "Edits can't be saved in this browser — use Share to keep them.";
const PREFIX = 'dq:code:';
const VERSION = 1;

export function loadEdits(exampleId: string): string | null {
  try {
    const raw = localStorage.getItem(PREFIX + exampleId);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && (parsed as { v?: unknown }).v === VERSION) {
      const code = (parsed as { code?: unknown }).code;
      if (typeof code === 'string') return code;
    }
  } catch {
    /* corrupt or unavailable: fall back to the original */
  }
  return null;
}

/** Whether the edits were saved (false: storage is disabled, full, or throws). */
export function saveEdits(exampleId: string, code: string): boolean {
  try {
    localStorage.setItem(PREFIX + exampleId, JSON.stringify({ v: VERSION, code }));
    return true;
  } catch {
    return false;
  }
}

export function clearEdits(exampleId: string): void {
  try {
    localStorage.removeItem(PREFIX + exampleId);
  } catch {
    /* nothing to do */
  }
}
