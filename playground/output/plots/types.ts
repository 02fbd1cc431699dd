/** What the output panel needs from a plot renderer (see render.ts). */
import type { PlotAppend, PlotSpec } from '../../shared/messages.ts';

export interface PlotHandle {
  /** Replace everything the plot shows. */
  set(spec: PlotSpec): void;
  /** New points for a live line plot (series names as in the last spec). Redraws are throttled. */
  append(points: PlotAppend['points']): void;
  /** Stop timers and observers (the panel is being cleared). */
  destroy(): void;
}
