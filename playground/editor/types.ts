export interface TypeErrorInfo {
  line: number;
  column: number;
  message: string;
}

/** What the island needs from an editor; Monaco and the plain fallback both provide it. */
export interface CodeEditor {
  readonly kind: 'monaco' | 'plain';
  getValue(): string;
  setValue(code: string): void;
  onChange(listener: () => void): void;
  /** Mark an error at a 1-based line (and column) with a message; clears earlier marks. */
  markError(line: number, column: number | undefined, message: string): void;
  clearMarks(): void;
  /**
   * Type errors of the editor's current code, asked of its TypeScript service for exactly that
   * code (not the markers of an earlier version); empty for the plain editor.
   */
  typeErrors(): Promise<TypeErrorInfo[]>;
  setTheme(dark: boolean): void;
  focus(): void;
  dispose(): void;
}

export interface EditorOptions {
  code: string;
  /** Accessible name, e.g. "Code of the playground: Convolution from scratch". */
  label: string;
  dark: boolean;
  /** Ctrl/Cmd+Enter. */
  onRun(): void;
}
