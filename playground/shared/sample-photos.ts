/**
 * The sample photographs every image input offers (public/data/photos/), with where each came
 * from and under which licence. One table serves the page's "Sample photo" select, the Image
 * credits page, scripts/prepare-photos.ts (which makes the files) and the tests.
 *
 * All come from the sample data of scikit-image as Debian packages it (python3-skimage 0.19.3,
 * /usr/lib/python3/dist-packages/skimage/data/). The package's data README lists no licences;
 * each image's licence is stated in the docstring of its loader in skimage/data/_fetchers.py,
 * quoted in `licenceText` below and checked against that file by the preparation script.
 *
 * Page-importable: plain data, no TF.js.
 */

export interface SamplePhoto {
  /** File name in public/data/photos/ (also the name a run receives, `inputs().image.name`). */
  file: string;
  /** Short name for the select and the credits page. */
  title: string;
  /** What the picture shows, as a text alternative. */
  alt: string;
  /**
   * The ImageNet (ILSVRC-2012) class a labeller would most likely give the photo, as Tiny
   * Darknet names it, or null when none of the 1,000 classes fits. Our judgement, not an
   * official label.
   */
  imagenetClass: string | null;
  /** Who made it. */
  credit: string;
  licence: 'CC0 1.0' | 'Public domain';
  /** The licence statement in the loader’s docstring (skimage/data/_fetchers.py), verbatim up to line breaks and spacing. */
  licenceText: string;
  /** The file in the Debian package, relative to skimage/data/. */
  source: string;
  /** Where the image was first published, as the docstring gives it (when it does). */
  origin?: string;
}

export const SAMPLE_PHOTO_DIR = 'data/photos';

/** The scikit-image release whose data the files were made from (Debian package version). */
export const SAMPLE_PHOTO_PACKAGE = 'python3-skimage 0.19.3-8 (Debian 12)';

export const SAMPLE_PHOTOS: readonly SamplePhoto[] = [
  {
    file: 'chelsea.jpg',
    title: 'Cat (Chelsea)',
    alt: 'Close-up of a striped tabby cat’s face with green eyes.',
    imagenetClass: 'tabby',
    credit: 'Stefan van der Walt',
    licence: 'CC0 1.0',
    licenceText: 'No copyright restrictions. CC0 by the photographer (Stefan van der Walt).',
    source: 'chelsea.png',
  },
  {
    file: 'coffee.jpg',
    title: 'Coffee cup',
    alt: 'A cup of espresso on a red saucer with a spoon, on a wooden table, seen from above.',
    imagenetClass: 'espresso',
    credit: 'Rachel Michetti (courtesy of Pikolo Espresso Bar)',
    licence: 'CC0 1.0',
    licenceText: 'No copyright restrictions. CC0 by the photographer (Rachel Michetti).',
    source: 'coffee.png',
  },
  {
    file: 'rocket.jpg',
    title: 'Rocket on the launch pad',
    alt: 'A Falcon 9 rocket standing on its launch pad at dusk, between lightning towers.',
    imagenetClass: 'missile',
    credit: 'SpaceX (launch of DSCOVR, Cape Canaveral)',
    licence: 'Public domain',
    licenceText:
      'The image was captured by SpaceX and `released in the public domain <http://arstechnica.com/tech-policy/2015/03/elon-musk-puts-spacex-photos-into-the-public-domain/>`_.',
    source: 'rocket.jpg',
    origin: 'https://www.flickr.com/photos/spacexphotos/16511594820/',
  },
  {
    file: 'camera.jpg',
    title: 'Photographer with a tripod',
    alt: 'Black-and-white photo of a man in a dark coat looking through a camera on a tripod, on a lawn.',
    imagenetClass: 'tripod',
    credit: 'Lav Varshney',
    licence: 'CC0 1.0',
    licenceText: 'No copyright restrictions. CC0 by the photographer (Lav Varshney).',
    source: 'camera.png',
  },
  {
    file: 'clock.jpg',
    title: 'Wall clock, motion-blurred',
    alt: 'Grey photo of a round wall clock, smeared sideways by camera motion.',
    imagenetClass: 'wall clock',
    credit: 'Stefan van der Walt',
    licence: 'Public domain',
    licenceText: 'Released into the public domain by the photographer (Stefan van der Walt).',
    source: 'clock_motion.png',
  },
  {
    file: 'astronaut.jpg',
    title: 'Astronaut (Eileen Collins)',
    alt: 'Portrait of astronaut Eileen Collins in an orange suit, a flag and a model space shuttle behind her.',
    imagenetClass: null,
    credit: 'NASA',
    licence: 'Public domain',
    licenceText: 'No known copyright restrictions, released into the public domain.',
    source: 'astronaut.png',
    origin: 'https://flic.kr/p/r9qvLn',
  },
  {
    file: 'retina.jpg',
    title: 'Human retina (fundus photograph)',
    alt: 'Photograph of the back of a human eye: an orange disc with branching blood vessels and the bright optic disc.',
    imagenetClass: null,
    credit: 'Mikael Häggström',
    licence: 'CC0 1.0',
    licenceText: 'This file is made available under the Creative Commons CC0 1.0 Universal Public Domain Dedication.',
    source: 'retina.jpg',
    origin: 'https://commons.wikimedia.org/wiki/File:Fundus_photograph_of_normal_left_eye.jpg',
  },
  {
    file: 'hubble.jpg',
    title: 'Hubble eXtreme Deep Field',
    alt: 'Thousands of small, faint galaxies of many colours on a black sky.',
    imagenetClass: null,
    credit: 'NASA',
    licence: 'Public domain',
    licenceText:
      'The image was captured by NASA and `may be freely used in the public domain <http://www.nasa.gov/audience/formedia/features/MP_Photo_Guidelines.html>`_.',
    source: 'hubble_deep_field.jpg',
    origin: 'http://hubblesite.org/newscenter/archive/releases/2012/37/image/a/',
  },
];

/** Site path of a sample photo, e.g. `data/photos/chelsea.jpg`. */
export function samplePhotoPath(file: string): string {
  return `${SAMPLE_PHOTO_DIR}/${file}`;
}

export function findSamplePhoto(file: string): SamplePhoto | undefined {
  return SAMPLE_PHOTOS.find((p) => p.file === file);
}
