/**
 * Depth of landmark image-recognition networks, for question 1's figure. One row per network, each
 * with the source (an id in docs/01-depth.mdx's frontmatter) and the way its authors count layers.
 * The rule throughout: layers with learned weights on the longest path from pixels to answer
 * (convolutional and fully connected layers; pooling and normalisation layers are not counted,
 * except LeNet-5's subsampling layers, which had a trainable coefficient and bias per map and
 * which its authors count). `year` is when the network was first described in public.
 */
export interface NetworkDepth {
  name: string;
  year: number;
  /** Learned layers on the longest path. */
  depth: number;
  /** How the source counts them, in its own terms. */
  counted: string;
  /** What it was trained on. */
  data: 'digits' | 'ImageNet' | 'CIFAR-10';
  /** Source id in the chapter's frontmatter. */
  source: string;
}

export const networkDepths: readonly NetworkDepth[] = [
  {
    name: 'LeNet-5',
    year: 1998,
    depth: 7,
    counted: '7 layers, not counting the input, all with trainable parameters (3 convolutional, 2 subsampling, 2 fully connected)',
    data: 'digits',
    source: 'lecun1998',
  },
  {
    name: 'AlexNet',
    year: 2012,
    depth: 8,
    counted: 'eight learned layers: five convolutional, three fully connected',
    data: 'ImageNet',
    source: 'krizhevsky2012',
  },
  {
    name: 'VGG-16',
    year: 2014,
    depth: 16,
    counted: '16 weight layers: 13 convolutional, 3 fully connected',
    data: 'ImageNet',
    source: 'simonyan2015',
  },
  {
    name: 'VGG-19',
    year: 2014,
    depth: 19,
    counted: '19 weight layers: 16 convolutional, 3 fully connected',
    data: 'ImageNet',
    source: 'simonyan2015',
  },
  {
    name: 'GoogLeNet',
    year: 2014,
    depth: 22,
    counted: '22 layers deep counting only layers with parameters (27 with pooling)',
    data: 'ImageNet',
    source: 'szegedy2015',
  },
  {
    name: 'ResNet-152',
    year: 2015,
    depth: 152,
    counted: '152 layers, 8 times deeper than VGG, with lower complexity',
    data: 'ImageNet',
    source: 'he2016',
  },
  {
    name: 'ResNet-1001',
    year: 2016,
    depth: 1001,
    counted: '1001 layers, trained on the small CIFAR-10 images, not on ImageNet',
    data: 'CIFAR-10',
    source: 'he2016identity',
  },
];
