/**
 * The inputs a reader can hand to a run, built into a playground's inputs area from its registry
 * entry: an image (file picker, drag and drop, camera), a drawing pad, or model files.
 */
import type { ExampleInfo } from '../examples/registry.ts';
import type { InputFile, InputImage } from '../shared/messages.ts';
import { button, createCameraButton, createDrawingPad, decodeImageFile, filePicker, readFiles } from './inputs.ts';

export interface PageInputs {
  /** The image for the next run: the drawing, else the chosen photo, else null. */
  image(): InputImage | null;
  files(): InputFile[];
}

interface Feedback {
  status(text: string): void;
  error(text: string): void;
}

export function buildPageInputs(root: HTMLElement, host: HTMLElement, info: ExampleInfo, say: Feedback): PageInputs {
  const kinds = info.inputs ?? [];
  const maxSide = info.maxImageSize ?? 512;
  let image: InputImage | null = null;
  let files: InputFile[] = [];
  let readDrawing: (() => InputImage) | null = null;

  const takeImage = async (file: File) => {
    try {
      const result = await decodeImageFile(file, maxSide);
      image = result.image;
      say.status(result.notice ?? `Using your image “${file.name}” (${result.image.width}×${result.image.height}).`);
    } catch (error) {
      say.error(error instanceof Error ? error.message : String(error));
    }
  };

  if (kinds.includes('image')) {
    const picker = filePicker('Your image: ', 'image/*', (input) => {
      const file = input.files?.[0];
      if (file) void takeImage(file);
    });
    const clear = button('Use the generated image', () => {
      image = null;
      for (const input of picker.querySelectorAll('input')) input.value = '';
      say.status('Using the generated image.');
    });
    host.append(picker, clear);
    createCameraButton(
      host,
      maxSide,
      (photo) => {
        image = photo;
        say.status(`Using your camera photo (${photo.width}×${photo.height}).`);
      },
      say.error,
    );
    // Drop an image anywhere on the playground.
    root.addEventListener('dragover', (e) => e.preventDefault());
    root.addEventListener('drop', (e) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void takeImage(file);
    });
  }
  if (kinds.includes('drawing')) {
    const pad = document.createElement('div');
    pad.className = 'pg-drawing-pad';
    readDrawing = createDrawingPad(pad, () => undefined).read;
    host.append(pad);
  }
  if (kinds.includes('model-files')) {
    const picker = filePicker(
      'Your model (model.json and weight files): ',
      '.json,.bin,application/json,application/octet-stream',
      async (input) => {
        files = input.files ? await readFiles(input.files) : [];
        say.status(`${files.length} file${files.length === 1 ? '' : 's'} chosen: ${files.map((f) => f.name).join(', ')}`);
      },
      true,
    );
    host.append(picker);
  }
  host.hidden = host.childElementCount === 0;
  return {
    image: () => (readDrawing ? readDrawing() : image),
    files: () => files,
  };
}
