/**
 * The inputs a reader can hand to a run, built into a playground's inputs area from its registry
 * entry: an image (file picker, drag and drop, camera, or one of the site's sample photos), a
 * drawing pad, or model files.
 */
import type { ExampleInfo } from '../examples/registry.ts';
import type { InputFile, InputImage } from '../shared/messages.ts';
import { findSamplePhoto, SAMPLE_PHOTOS, samplePhotoPath } from '../shared/sample-photos.ts';
import { withBase } from '../shared/site.ts';
import { button, createCameraButton, createDrawingPad, decodeImageFile, filePicker, readFiles } from './inputs.ts';

export interface PageInputs {
  /** The image for the next run: the drawing, else the chosen photo, else null. */
  image(): InputImage | null;
  files(): InputFile[];
  /** Settles when a sample photo being fetched is decoded (a run waits for it). */
  ready(): Promise<void>;
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
  let pending: Promise<void> = Promise.resolve();
  let sampleSelect: HTMLSelectElement | null = null;

  const takeImage = async (file: File) => {
    if (sampleSelect) sampleSelect.value = '';
    try {
      const result = await decodeImageFile(file, maxSide);
      image = result.image;
      say.status(result.notice ?? `Using your image “${file.name}” (${result.image.width}×${result.image.height}).`);
    } catch (error) {
      say.error(error instanceof Error ? error.message : String(error));
    }
  };

  // A sample photo is fetched from the site and decoded exactly like an uploaded file. Only the
  // latest choice counts when the reader changes it while an earlier one is still loading.
  let choice = 0;
  const takeSamplePhoto = (file: string): Promise<void> => {
    const mine = ++choice;
    const photo = findSamplePhoto(file);
    if (!photo) {
      image = null;
      return Promise.resolve();
    }
    pending = (async () => {
      try {
        const response = await fetch(withBase(samplePhotoPath(photo.file)));
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        const blob = await response.blob();
        const result = await decodeImageFile(new File([blob], photo.file, { type: blob.type || 'image/jpeg' }), maxSide);
        if (mine !== choice) return;
        image = result.image;
        say.status(`Using the sample photo “${photo.title}” (${result.image.width}×${result.image.height}).`);
      } catch (error) {
        if (mine !== choice) return;
        image = null;
        say.error(`Could not load the sample photo “${photo.title}”: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
    return pending;
  };

  if (kinds.includes('image')) {
    const picker = filePicker('Your image: ', 'image/*', (input) => {
      const file = input.files?.[0];
      if (file) void takeImage(file);
    });
    const samples = sampleChooser(info.samplePhoto ?? '');
    sampleSelect = samples.select;
    const clearPicker = () => {
      for (const input of picker.querySelectorAll('input')) input.value = '';
    };
    sampleSelect.addEventListener('change', () => {
      clearPicker();
      if (sampleSelect?.value) void takeSamplePhoto(sampleSelect.value);
      else {
        choice++;
        image = null;
        say.status('Using the generated image.');
      }
    });
    const clear = button('Use the generated image', () => {
      choice++;
      image = null;
      clearPicker();
      if (sampleSelect) sampleSelect.value = '';
      say.status('Using the generated image.');
    });
    host.append(picker, samples.box, clear);
    createCameraButton(
      host,
      maxSide,
      (photo) => {
        choice++;
        if (sampleSelect) sampleSelect.value = '';
        image = photo;
        say.status(`Using your camera photo (${photo.width}×${photo.height}).`);
      },
      say.error,
    );
    if (sampleSelect.value) void takeSamplePhoto(sampleSelect.value);
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
    ready: () => pending,
  };
}

/** The "Sample photo" select (none = the example's generated image) and a link to the credits. */
function sampleChooser(initial: string): { box: HTMLElement; select: HTMLSelectElement } {
  const box = document.createElement('span');
  box.className = 'pg-sample-photo';
  const label = document.createElement('label');
  label.textContent = 'Sample photo: ';
  const select = document.createElement('select');
  select.append(new Option('none (the generated image)', ''));
  for (const photo of SAMPLE_PHOTOS) select.append(new Option(photo.title, photo.file));
  select.value = findSamplePhoto(initial) ? initial : '';
  label.append(select);
  const credits = document.createElement('a');
  credits.href = withBase('image-credits/');
  credits.textContent = 'photo credits';
  box.append(label, ' (', credits, ')');
  return { box, select };
}
