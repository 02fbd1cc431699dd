/**
 * The gate's logic (run by gate.worker.ts, tested in Node): every message from the sandbox is
 * checked, held to the run's output limits, and passed to the page in batches; asset requests are
 * served; a sandbox that floods is reported so the page can end the run.
 */
import { LIMITS } from '../shared/limits.ts';
import type { HostToWorker, WorkerToHost } from '../shared/protocol.ts';
import type { AssetServer } from './assets.ts';
import type { GateItem, GateToPage } from './gate-protocol.ts';
import { plotSize, validateWorkerMessage } from '../shared/validate.ts';

/** How long output waits to be batched with what follows it. */
export const BATCH_MS = 16;
/**
 * At most this many plot values per message to the page: a live chart that gets 100,000 points
 * at once arrives in slices, each a few milliseconds for the page to unpack, never one long task.
 */
export const MESSAGE_PLOT_VALUES = 10_000;

const count = (n: number) => n.toLocaleString('en-US');

/** Output of the current run so far, for its limits. */
class RunOutput {
  lines = 0;
  chars = 0;
  omittedLines = 0;
  images = 0;
  imageBytes = 0;
  droppedImages = 0;
  readonly plotPoints = new Map<string, number>();
  droppedPlots = 0;
  readonly fullPlots = new Set<string>();
  tables = 0;
  droppedTables = 0;
  readonly progressBars = new Set<string>();
  droppedProgress = 0;
  malformed = 0;
  firstMalformed = '';
  messages = 0;
}

export interface GateHooks {
  toPage(message: GateToPage, transfer?: Transferable[]): void;
  toWorker(message: HostToWorker, transfer?: Transferable[]): void;
  schedule(callback: () => void, ms: number): void;
  /** Stop listening to the sandbox (after a flood). */
  disconnect(): void;
}

export class Gate {
  private runId = 0;
  private running = false;
  private flooded = false;
  private out = new RunOutput();
  private items: GateItem[] = [];
  private transfer: Transferable[] = [];
  private flushScheduled = false;
  /** Plot values in `items` (see MESSAGE_PLOT_VALUES). */
  private pendingValues = 0;

  constructor(
    private readonly hooks: GateHooks,
    private readonly assets: AssetServer,
  ) {}

  /** From the page: pass on to the worker; a run message starts a new run. */
  fromPage(message: HostToWorker): void {
    if (message.type === 'run') {
      this.flush();
      this.runId = message.runId;
      this.running = true;
      this.out = new RunOutput();
      this.assets.startRun();
    }
    this.hooks.toWorker(message, message.type === 'init' ? Object.values(message.wasm) : []);
  }

  runEnded(): void {
    this.running = false;
    this.assets.endRun();
  }

  /** From the sandbox: anything at all. */
  fromSandbox(raw: unknown): void {
    if (this.flooded) return;
    if (++this.out.messages > LIMITS.messagesPerRun) {
      this.flooded = true;
      this.assets.endRun();
      this.hooks.disconnect();
      this.hooks.toPage({
        type: 'flood',
        text: `The code sent more than ${count(LIMITS.messagesPerRun)} messages in one run, faster than the page can show them; the run was stopped.`,
      });
      return;
    }
    const checked = validateWorkerMessage(raw);
    if (!checked.ok) {
      if (checked.requestId !== undefined) this.assets.refuse(checked.requestId, `A malformed asset request: ${checked.reason}.`);
      if (checked.runId === undefined || checked.runId === this.runId) this.malformed(checked.reason);
      return;
    }
    const message = checked.message;
    switch (message.type) {
      case 'ready':
        this.push({ kind: 'message', message });
        this.flush();
        return;
      case 'pong':
        this.hooks.toPage({ type: 'items', items: [{ kind: 'message', message }] });
        return;
      case 'asset-request':
        this.assets.request(message.requestId, message.path);
        return;
      default:
        break;
    }
    if (!this.running || message.runId !== this.runId) return;
    // The final count of dropped messages goes before 'done': the page ends the run at 'done'.
    if (message.type === 'done' && this.out.malformed > 1) this.malformedNotice();
    if (this.admit(message)) this.push({ kind: 'message', message });
    if (message.type === 'done') {
      this.runEnded();
      this.flush();
    }
  }

  /** Whether a message of the current run fits its limits; counts and notes what does not. */
  private admit(message: WorkerToHost): boolean {
    const out = this.out;
    switch (message.type) {
      case 'log': {
        if (out.lines >= LIMITS.keptOutputLines || out.chars + message.text.length > LIMITS.keptOutputChars) {
          if (out.omittedLines++ === 0) this.outputLimitNotice();
          return false;
        }
        out.lines++;
        out.chars += message.text.length;
        return true;
      }
      case 'done':
        if (message.omittedLines || out.omittedLines) {
          out.omittedLines += message.omittedLines ?? 0;
          this.outputLimitNotice();
        }
        return true;
      case 'image': {
        const bytes = message.message.rgba.byteLength;
        if (out.images >= LIMITS.imagesPerRun || out.imageBytes + bytes > LIMITS.imageBytesPerRun) {
          this.limitNotice('images', ++out.droppedImages, 'image', `${count(LIMITS.imagesPerRun)} images or ${LIMITS.imageBytesPerRun / 2 ** 20} MB`);
          return false;
        }
        out.images++;
        out.imageBytes += bytes;
        this.transfer.push(message.message.rgba.buffer);
        return true;
      }
      case 'plot': {
        const { id } = message.message;
        if (!out.plotPoints.has(id) && out.plotPoints.size >= LIMITS.plotsPerRun) {
          this.limitNotice('plots', ++out.droppedPlots, 'plot', `${count(LIMITS.plotsPerRun)} plots`);
          return false;
        }
        out.plotPoints.set(id, plotSize(message.message));
        return true;
      }
      case 'plot-append': {
        const { id, points } = message.message;
        const held = out.plotPoints.get(id);
        if (held === undefined) return false; // appends to a plot never shown (or not admitted)
        const added = points.reduce((n, p) => n + Object.keys(p.values).length, 0);
        if (held + added > LIMITS.plotPoints) {
          if (!out.fullPlots.has(id)) {
            out.fullPlots.add(id);
            this.notice(`plot-full:${id}`, 'warn', `A plot reached ${count(LIMITS.plotPoints)} points; later points are not drawn.`);
          }
          return false;
        }
        out.plotPoints.set(id, held + added);
        return true;
      }
      case 'table':
        if (out.tables >= LIMITS.tablesPerRun) {
          this.limitNotice('tables', ++out.droppedTables, 'table', `${count(LIMITS.tablesPerRun)} tables`);
          return false;
        }
        out.tables++;
        return true;
      case 'progress': {
        const { id } = message.message;
        if (!out.progressBars.has(id) && out.progressBars.size >= LIMITS.progressBarsPerRun) {
          this.limitNotice('progress', ++out.droppedProgress, 'progress bar', `${count(LIMITS.progressBarsPerRun)} progress bars`);
          return false;
        }
        out.progressBars.add(id);
        return true;
      }
      default:
        return true;
    }
  }

  private outputLimitNotice(): void {
    const { omittedLines } = this.out;
    this.notice(
      'output-limit',
      'warn',
      `Output limit reached (${count(LIMITS.keptOutputLines)} lines or ${LIMITS.keptOutputChars / 1e6} million characters per run): ` +
        `${count(omittedLines)} more line${omittedLines === 1 ? ' was' : 's were'} not kept.`,
    );
  }

  private limitNotice(key: string, dropped: number, what: string, limit: string): void {
    if (dropped === 1 || dropped % 100 === 0) {
      this.notice(
        `limit:${key}`,
        'warn',
        `A run shows at most ${limit}; ${count(dropped)} more ${what}${dropped === 1 ? ' was' : 's were'} not shown.`,
      );
    }
  }

  private malformed(reason: string): void {
    if (this.out.malformed++ === 0) {
      this.out.firstMalformed = reason;
      this.malformedNotice();
    }
  }

  private malformedNotice(): void {
    const n = this.out.malformed;
    this.notice(
      'malformed',
      'warn',
      `${n === 1 ? 'A message' : `${count(n)} messages`} from the code could not be shown: not the shape the playground sends ` +
        `(first: ${this.out.firstMalformed}). Was the code posting messages itself?`,
    );
  }

  private notice(key: string, level: 'info' | 'warn' | 'error', text: string): void {
    this.push({ kind: 'notice', key, level, text });
  }

  private push(item: GateItem): void {
    if (item.kind === 'message' && item.message.type === 'plot-append') {
      this.pushPoints(item.message);
      return;
    }
    this.items.push(item);
    this.schedule();
  }

  /** A live plot's points, in slices of at most MESSAGE_PLOT_VALUES values per message to the page. */
  private pushPoints(message: Extract<WorkerToHost, { type: 'plot-append' }>): void {
    let slice: typeof message.message.points = [];
    let values = 0;
    const send = () => {
      if (slice.length === 0) return;
      this.items.push({ kind: 'message', message: { ...message, message: { ...message.message, points: slice } } });
      this.pendingValues += values;
      slice = [];
      values = 0;
      if (this.pendingValues >= MESSAGE_PLOT_VALUES) this.flush();
    };
    for (const point of message.message.points) {
      const n = Object.keys(point.values).length;
      if (values + n + this.pendingValues > MESSAGE_PLOT_VALUES) send();
      slice.push(point);
      values += n;
    }
    send();
    this.schedule();
  }

  private schedule(): void {
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.hooks.schedule(() => this.flush(), BATCH_MS);
    }
  }

  /** Send what is waiting, as one message; images travel by transfer, not copy. */
  flush(): void {
    this.flushScheduled = false;
    this.pendingValues = 0;
    if (this.items.length === 0) return;
    const items = this.items;
    const transfer = this.transfer;
    this.items = [];
    this.transfer = [];
    this.hooks.toPage({ type: 'items', items }, transfer);
  }
}
