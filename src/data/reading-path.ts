/**
 * The seven-step reading path from the blog post the site grew out of ("Deep learning, part I", 2015),
 * each step identified as precisely as we could, with why it helps a newcomer and what has happened
 * since. All text is our own wording; facts were checked against primary sources where possible.
 */
export interface ReadingStep {
  /** 1..7 in the post's order. */
  step: number;
  /** What it is: title, author(s), year, venue or medium. */
  item: string;
  /** Stable primary URL, only where we are confident it exists. */
  url?: string;
  /** Why it matters for a newcomer, 1–3 sentences. */
  why: string;
  /** What happened since, or what replaces or complements it today, 1–3 sentences with years. */
  since: string;
  /** Which of our 12 questions it most supports, if any. */
  chapter?: number;
}

export const readingPathIntro =
  'This site began with a neuroscientist’s 2015 blog post that suggested seven things to read or watch, ' +
  'in order, before trying to answer twelve questions about deep convolutional networks. Below is that path ' +
  'again: each item pinned down as precisely as we could, a word on why it is worth your time, and a short note ' +
  'on what has changed since it was recommended.';

export const readingPath: readonly ReadingStep[] = [
  {
    step: 1,
    item:
      'Alexander Mordvintsev, Christopher Olah & Mike Tyka, “Inceptionism: Going Deeper into Neural Networks”, ' + 'Google Research Blog, June 2015',
    url: 'https://research.google/blog/inceptionism-going-deeper-into-neural-networks/',
    why:
      'The post that made the wider public curious. A network trained only to name what is in photographs is ' +
      'run “backwards”: an image is adjusted, step by step, so that whatever a chosen layer already responds to ' +
      'gets stronger. It is a striking first glimpse of the idea that different layers hold different kinds of ' +
      'features, from strokes and textures to whole objects, and it is the subject of our last question.',
    since:
      'Google published the code as an open notebook in July 2015, and the name DeepDream stuck. Some of the same ' +
      'authors later turned the trick into a careful method in “Feature Visualization” (Olah, Mordvintsev & ' +
      'Schubert, Distill, 2017), which shows why naive versions give noisy images and how constraining the ' +
      'picture makes them readable.',
    chapter: 12,
  },
  {
    step: 2,
    item:
      'A recorded talk by Demis Hassabis, co-founder and CEO of DeepMind (acquired by Google in 2014), showing one ' +
      'learning agent playing many Atari games (c. 2015; we could not identify the exact video the post linked). ' +
      'The work behind it: Mnih et al., “Human-level control through deep reinforcement learning”, Nature 518, 2015',
    url: 'https://doi.org/10.1038/nature14236',
    why:
      'A reminder that convolutional networks do more than label photos: here a single network sees only the ' +
      'screen’s pixels and the score, and learns by trial and error which button to press, with the same settings ' +
      'for every game. Take the talk as motivation rather than explanation; the Nature paper is where the method ' +
      'and its scoring against human testers are written down.',
    since:
      'The agent (the “deep Q-network”) first appeared in a 2013 workshop paper on seven games and then in Nature ' +
      'in 2015 on 49. It was followed by AlphaGo, the first program to defeat a professional Go player (Silver et ' +
      'al., Nature, 2016), and by Agent57 (Badia et al., 2020), the first agent to beat the standard human ' +
      'baseline on all 57 games of the Atari benchmark.',
    chapter: 2,
  },
  {
    step: 3,
    item: 'Christopher Olah, “Understanding Convolutions”, colah’s blog, July 2014',
    url: 'https://colah.github.io/posts/2014-07-Understanding-Convolutions/',
    why:
      'Builds up the idea of convolution from a simple probability puzzle about a dropped ball before moving on to ' +
      'images and to convolutional layers, with plenty of pictures and almost no jargon. If “convolution” is only ' +
      'a word to you, this is the gentlest way in.',
    since:
      'For the practical bookkeeping of real layers (kernel size, stride, padding and the resulting output size), ' +
      'Dumoulin & Visin’s “A guide to convolution arithmetic for deep learning” (arXiv, 2016), with its ' +
      'animations, became a standard reference. In 2017 Olah stopped writing new explainers on his blog and ' +
      'became a co-editor of Distill, an interactive online journal that published in the same spirit until 2021.',
    chapter: 3,
  },
  {
    step: 4,
    item:
      'Matthew Zeiler, “Visualizing and Understanding Deep Neural Networks” (recorded talk, about 45 minutes), ' +
      'based on Zeiler & Fergus, “Visualizing and Understanding Convolutional Networks”, ECCV 2014 (arXiv:1311.2901)',
    url: 'https://arxiv.org/abs/1311.2901',
    why:
      'Zeiler projects the activity of single units in a trained network back into pixel space, so you can see ' +
      'what each depth responds to: colour blobs and oriented edges near the input (reminiscent of V1), textures ' +
      'and object parts further up. Just as valuable for an outsider, the talk shows how practitioners think, ' +
      'in terms of architecture choices, computing cost, benchmark scores and competition between groups.',
    since:
      'Later work mostly swapped the paper’s “deconvnet” projection for gradient-based tools, such as saliency maps ' +
      '(Simonyan, Vedaldi & Zisserman, 2014) and Grad-CAM (Selvaraju et al., 2017), and for optimisation-based ' +
      'feature visualization (Olah et al., Distill, 2017). Reading the learned filters and features of a network ' +
      'remains an active research area, now usually called interpretability.',
    chapter: 4,
  },
  {
    step: 5,
    item:
      'Christian Szegedy et al., “Going Deeper with Convolutions”, CVPR 2015 (arXiv:1409.4842, 2014), the ' +
      'GoogLeNet or “Inception” paper: our best reading of “the original research paper associated with DeepDream”',
    url: 'https://arxiv.org/abs/1409.4842',
    why:
      'DeepDream itself was announced in a blog post and a code notebook, not in a paper of its own; the network ' +
      'it ran on was GoogLeNet, the top entry in the 2014 ImageNet classification challenge, and the name ' +
      '“Inceptionism” plays on that network’s codename. The paper is packed with methods worth looking up one by ' +
      'one (1×1 convolutions that cut the number of channels, parallel filters of several sizes, pooling, ' +
      'dropout, extra classifiers used only during training), which is exactly the exercise the post suggests.',
    since:
      'Residual networks (He et al., CVPR 2016), whose shortcut connections made networks with more than a hundred ' +
      'layers trainable, soon became the default design, and Google revised Inception itself several times. ' +
      'Since about 2021, Vision Transformers (Dosovitskiy et al., ICLR 2021) compete with convolutional networks ' +
      'on the same benchmarks, while modernised convnets such as ConvNeXt (Liu et al., CVPR 2022) remain strong.',
    chapter: 5,
  },
  {
    step: 6,
    item:
      'Christopher Olah, “Understanding LSTM Networks”, colah’s blog, August 2015; the original paper: Sepp ' +
      'Hochreiter & Jürgen Schmidhuber, “Long Short-Term Memory”, Neural Computation 9(8), 1997',
    url: 'https://colah.github.io/posts/2015-08-Understanding-LSTMs/',
    why:
      'Every other network on this path passes signals strictly forward. An LSTM is a recurrent network: each unit ' +
      'carries a memory cell from one time step to the next, and learned gates decide what to keep, what to ' +
      'overwrite and what to pass on, which makes it a natural next idea for sequences such as speech or text.',
    since:
      'For language, Transformers (Vaswani et al., “Attention Is All You Need”, NeurIPS 2017), which relate all ' +
      'positions of a sequence at once through attention, largely displaced LSTMs and underlie today’s large ' +
      'language models. LSTMs are still used for smaller sequence problems, and gated recurrent designs have seen ' +
      'renewed research interest in the 2020s.',
  },
  {
    step: 7,
    item:
      'Ian Goodfellow, Yoshua Bengio & Aaron Courville, “Deep Learning”, MIT Press, 2016 (unpublished and free ' +
      'online when the post was written; the full text is still free at deeplearningbook.org)',
    url: 'https://www.deeplearningbook.org/',
    why:
      'The textbook to turn to when any step above leaves you wanting the details. Its Part II (chapters 6 to 12, ' +
      'on the networks used in practice) lines up closely with our questions: cost functions and rectified linear ' +
      'units (chapter 6), regularization (chapter 7), optimisation (chapter 8) and convolutional networks ' +
      '(chapter 9).',
    since:
      'The book came out in print from MIT Press in 2016, and the authors kept the full text free online. It ' +
      'predates Transformers and diffusion models; newer textbooks such as Simon Prince’s “Understanding Deep ' +
      'Learning” (MIT Press, 2023, also free online) cover those while treating the same basics.',
    chapter: 11,
  },
];
