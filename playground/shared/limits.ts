/**
 * Output limits, shared by the worker (which keeps honest code within them cheaply) and the page
 * (which enforces them on whatever arrives, because the sandbox is not trusted). Each limit is
 * generous for the book's labs and small enough that the page draws any output within a frame.
 */
export const LIMITS = {
  /** A log line longer than this is cut, with "… (N more characters)". */
  lineChars: 10_000,
  /** Log text shown at once; "Show more" reveals the next part. */
  shownOutputChars: 200_000,
  /** Log text and lines kept per run; beyond them lines are counted, not kept. */
  keptOutputChars: 4_000_000,
  keptOutputLines: 20_000,
  /** Titles, labels, captions, series and column names. */
  textChars: 1_000,
  /** Error messages and descriptions. */
  messageChars: 4_000,
  /** Table rows that travel to the page, and rows shown before "Show more". */
  tableRows: 1_000,
  tableRowsShown: 100,
  tableColumns: 100,
  /** Images: sides, pixels of one image (a 16 MB draw), images per run. */
  imageSide: 8192,
  imagePixels: 2048 * 2048,
  imagesPerRun: 2_000,
  imageBytesPerRun: 512 * 1024 * 1024,
  imageScale: 64,
  /**
   * Plots: series per plot; points one plot message may carry (a plot drawn at once: unpacking and
   * drawing it must fit in a frame or two); points a live plot may reach with its appends; bars,
   * heatmap cells.
   */
  plotSeries: 64,
  plotPointsPerMessage: 50_000,
  plotPoints: 200_000,
  plotCategories: 2_000,
  histogramBins: 10_000,
  heatmapCells: 250_000,
  plotsPerRun: 500,
  tablesPerRun: 200,
  progressBarsPerRun: 100,
  backendNotices: 10,
  /** Messages of one run; a sandbox that sends more is flooding the page and is stopped. */
  messagesPerRun: 200_000,
  /** Asset requests: at once, per run, and bytes per run. */
  assetConcurrency: 4,
  assetRequestsPerRun: 500,
  assetBytesPerRun: 256 * 1024 * 1024,
  assetPathChars: 2_048,
} as const;

/** Room for the note that cutLine adds, so a cut line is not cut again when it is checked. */
export const CUT_NOTE_CHARS = 64;

/** Cut a line to the limit, saying how much was left out. */
export function cutLine(text: string, limit: number = LIMITS.lineChars): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}… (${(text.length - limit).toLocaleString('en-US')} more characters)`;
}
