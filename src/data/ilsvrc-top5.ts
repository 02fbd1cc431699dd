/**
 * The ImageNet challenge (ILSVRC) classification task, 2010–2017: the winning team's top-5 error
 * on the challenge's test images, with where each number was checked (docs/notes/02-tasks-and-
 * benchmarks-sources.md has the details). Where the winners also entered a system trained with
 * extra data from outside the challenge (2012, 2013), the entry trained only on the challenge's
 * own 1,000-class training set is used, so that every year plays by the same rules; the other
 * entry is kept in `withExtraData`.
 */

export interface IlsvrcWinner {
  year: number;
  team: string;
  /** The network or method, as it is usually called. */
  system: string;
  /** A name short enough to label the year's bar in the figure. */
  short: string;
  /** Top-5 error on the test images, in percent. */
  top5: number;
  /** A deep convolutional network? */
  convnet: boolean;
  /** The same team's entry that also used training data from outside the challenge. */
  withExtraData?: number;
  /** Where the number was checked. */
  source: string;
}

export const ILSVRC_WINNERS: readonly IlsvrcWinner[] = [
  {
    year: 2010,
    team: 'NEC-UIUC',
    short: 'NEC-UIUC',
    system: 'SIFT and LBP features, sparse coding, linear SVMs',
    top5: 28.2,
    convnet: false,
    source: 'ILSVRC 2010 results page (0.28191), as transcribed with its URL in the EFF AI Progress Measurement data',
  },
  {
    year: 2011,
    team: 'XRCE',
    short: 'XRCE',
    system: 'compressed Fisher vectors, linear SVMs',
    top5: 25.8,
    convnet: false,
    source: 'ILSVRC 2011 results page (0.2577), as transcribed with its URL in the EFF AI Progress Measurement data',
  },
  {
    year: 2012,
    team: 'SuperVision',
    short: 'AlexNet',
    system: 'AlexNet',
    top5: 16.4,
    convnet: true,
    withExtraData: 15.3,
    source: 'ILSVRC 2012 results page: 0.16422 "using only supplied training data", 0.15315 with the ImageNet Fall 2011 release',
  },
  {
    year: 2013,
    team: 'Clarifai',
    short: 'Clarifai',
    system: 'ZF-style convolutional network ensemble',
    top5: 11.7,
    convnet: true,
    withExtraData: 11.2,
    source: 'ILSVRC 2013 results page (0.11743; 0.11197 with extra data), as transcribed in the EFF data and a results table',
  },
  {
    year: 2014,
    team: 'GoogLeNet',
    short: 'GoogLeNet',
    system: 'GoogLeNet (Inception)',
    top5: 6.7,
    convnet: true,
    source: 'Karpathy 2014 ("the error on the full test set of 100,000 images is 6.7%"); Szegedy et al. 2015 report 6.67 %',
  },
  {
    year: 2015,
    team: 'MSRA',
    short: 'ResNet',
    system: 'ResNet',
    top5: 3.57,
    convnet: true,
    source: 'He et al. 2016, abstract: "3.57% error on the ImageNet test set … 1st place on the ILSVRC 2015 classification task"',
  },
  {
    year: 2016,
    team: 'Trimps-Soushen',
    short: 'Trimps',
    system: 'ensemble of Inception and ResNet variants',
    top5: 2.99,
    convnet: true,
    source: 'ILSVRC 2016 results page (0.02991), as transcribed in the EFF data; consistent with Hu et al.’s “∼25 %” improvement to 2.251 %',
  },
  {
    year: 2017,
    team: 'WMW',
    short: 'SENet',
    system: 'SENet',
    top5: 2.25,
    convnet: true,
    source: 'Hu et al. 2018, abstract: "won first place and significantly reduced the top-5 error to 2.251%"',
  },
];

/** Top-5 error of one trained person on 1,500 test images (Karpathy 2014; Russakovsky et al. 2015, §6.4). */
export const HUMAN_TOP5 = 5.1;
