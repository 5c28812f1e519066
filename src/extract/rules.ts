/**
 * Word lists of the rules
 * =======================
 *
 * Closed-class words and cue words, each with the sentence that motivates it. Names of concepts
 * never appear here (they live in the lexicon data files).
 */
import type { ConceptType } from "../types.ts";

/** Words that end a noun phrase on its left: "we use [deep networks]", "of [object detection]". */
export const STOP = new Set(
  (
    "a an the this that these those its their our his her my your we i you they it he she them us one " +
    "and or but nor of in on at by for from with without to into onto via over under between among through " +
    "across about against within upon than as is are was were be been being has have had do does did can could " +
    "may might will would shall should must not no also both each either such other another all any some " +
    "more most less least many much few several various multiple different same own which who whom whose what " +
    "when where while how why if then thus hence therefore however here there while whereas although though " +
    "because since so very well further only even just still yet e.g i.e et al vs like " +
    "beyond toward towards despite unlike amid along around throughout inside outside fewer years decades"
  ).split(" "),
);

/** Verbs of research prose, never the first word of a concept: "[we] measure perplexity", "and report accuracy". */
export const VERBS = new Set(
  (
    "measure measures report reports evaluate evaluates compare compares train trains achieve achieves obtain obtains " +
    "improve improves show shows use uses apply applies compute computes estimate estimates learn learns predict predicts " +
    "propose proposes study studies analyze analyzes analyse analyses demonstrate demonstrates present presents introduce " +
    "introduces develop develops design designs build builds perform performs provide provides release releases reduce " +
    "reduces increase increases boost boosts enable enables allow allows require requires outperform outperforms " +
    "yield yields leverage leverages exploit exploits employ employs adopt adopts combine combines enhance enhances " +
    "address addresses tackle tackles solve solves explore explores investigate investigates consider considers " +
    "utilize utilizes utilise utilises help helps make makes give gives take takes need needs produce produces " +
    "capture captures integrate integrates incorporate incorporates extend extends adapt adapts fuse fuses " +
    "replace replaces remove removes add adds exhibit exhibits suffer suffers lack lacks " +
    "fine-tune fine-tunes finetune finetunes pretrain pretrains pre-train pre-trains distill distills " +
    "match matches surpass surpasses exceed exceeds reach reaches attain attains spend spends " +
    "used employed adopted applied obtained called named termed known designed developed introduced presented " +
    "identify identifies implement implements pay pays " +
    "preserve preserves maintain maintains retain retains keep keeps ensure ensures guarantee guarantees " +
    "lead leads cause causes degrade degrades hurt hurts sacrifice sacrifices lose loses mitigate mitigates " +
    "alleviate alleviates accelerate accelerates facilitate facilitates suggest suggests reveal reveals indicate indicates handle handles " +
    "receive received receives attract attracted attracts gain gained gains draw drawn draws underpin underpins entail entails include includes contain contains involve involves eliminate eliminates deconstruct deconstructs collapse collapses"
  ).split(" "),
);

/** Adjectives that say nothing about which concept: "a novel framework", "the proposed method". */
export const GENERIC = new Set(
  (
    "novel new proposed existing previous prior current recent standard simple efficient effective robust " +
    "powerful strong better best good high low large small big general generic typical traditional conventional " +
    "popular common classic classical modern state-of-the-art sota first second final overall main key " +
    "original baseline competitive superior significant extensive comprehensive promising successful unified " +
    "particular specific certain additional extra various several similar respective corresponding underlying " +
    "improved enhanced advanced sophisticated challenging difficult hard easy fast slow lightweight " +
    "whole entire full complete total true real actual available resulting following above given same " +
    "accurate scalable flexible practical principled straightforward careful well-known widely-used single " +
    "larger smaller bigger stronger weaker faster slower deeper wider shallower higher lower longer shorter " +
    "open open-source closed-source proprietary theoretical empirical experimental numerical " +
    "systematic detailed thorough quantitative qualitative preliminary rigorous trained untrained resulting " +
    "impressive remarkable substantial notable considerable excellent negligible limited accountable desirable " +
    "one two three four five six seven eight nine ten multiple numerous diverse reasonable suitable selected recommended " +
    "downstream upstream target auxiliary real-world complex related relevant individual unseen seen end end-to-end benchmark " +
    "fundamental minimal inappropriate strict versatile dedicated crucial important essential excessive " +
    "tremendous vast outstanding superb elegant appropriate intuitive ideal " +
    "central primary major vital pivotal prominent long-standing emerging aforementioned comparable expensive costly huge heavy enormous specialized specialised discovered " +
    "acceptable astronomical arbitrary cheap little modest poor mild perfect near-perfect optimal decreased increased reduced " +
    "lowest highest smallest largest worst pre-specified associated state-of-art high-quality higher-quality low-quality trivial public simplified " +
    "chosen celebrated implemented adequate earlier later go-to slight necessary possible required research technical critical perennial great alternative basic complicated inefficient intact separate unsolved next incorrect mismatched super-human superhuman first-of-its-kind innovative groundbreaking pioneering cutting-edge revolutionary inventive preferred mainstream prevalent predominant widespread ubiquitous complementary bespoke custom aggressive convoluted customized delicate elaborate feasible latest minimalistic redundant rich well-trained default future best-discovered desired worse suboptimal sub-optimal consistent short idealized unknown equivalent well-designed compact clear greatest"
  ).split(" "),
);

/** Head nouns that make a descriptive phrase a concept ("convolutional neural networks", "object detection"). */
export const HEADS = new Map<string, ConceptType>();
const HEAD_LISTS: Array<[ConceptType, string]> = [
  [
    "method",
    "network networks net nets algorithm algorithms learning regression classifier classifiers encoder encoders " +
      "decoder decoders autoencoder autoencoders transformer transformers attention embedding embeddings " +
      "descent sampling pooling dropout normalization normalisation distillation pruning quantization augmentation " +
      "clustering regularization decomposition factorization kernel kernels machine machines forest forests " +
      "field fields layer layers unit units module modules block blocks loss losses architecture architectures " +
      "model models mechanism mechanisms representation representations search tuning training optimizer optimizers " +
      "perceptron perceptrons memory cache caches convolution convolutions filter filters graph graphs policy policies " +
      "estimator estimators function functions backbone backbones head heads decoding encoding parser parsers " +
      "tagger taggers detector detectors generator generators discriminator discriminators agent agents tree trees",
  ],
  [
    "task",
    "detection segmentation classification recognition translation answering generation summarization " +
      "summarisation parsing tracking retrieval estimation captioning prediction completion labeling labelling " +
      "tagging extraction resolution reasoning synthesis reconstruction modeling modelling navigation " +
      "recommendation forecasting verification re-identification disambiguation linking denoising inpainting " +
      "super-resolution analysis understanding localization localisation alignment matching transcription " +
      "diarization counting grounding",
  ],
  [
    "metric",
    "accuracy accuracies error errors precision recall score scores perplexity f1 auc iou rate rates " +
      "cost costs speed complexity time size consumption efficiency throughput latency usage footprint overhead " +
      "index coefficient ratio divergence divergences",
  ],
];
for (const [type, words] of HEAD_LISTS) for (const w of words.split(" ")) HEADS.set(w, type);

/**
 * Heads that may modify the noun after them instead of heading a phrase, with those nouns:
 * "labeled training [data]", "fewer training [steps]", "the projected model [performance]",
 * "relative loss [values]", "learning [curves]".
 */
export const HEAD_OBJECTS = new Map<string, ReadonlySet<string>>();
const TRAINING_OBJECTS = new Set(
  "data dataset datasets set sets split splits sample samples example examples instance instances corpus corpora token tokens image images step steps epoch epochs iteration iterations run runs budget budgets resource resources time".split(" "),
);
const MEASURED_OBJECTS = new Set("performance value values curve curves landscape landscapes surface surfaces".split(" "));
for (const w of "training pretraining pre-training fine-tuning finetuning tuning".split(" ")) HEAD_OBJECTS.set(w, TRAINING_OBJECTS);
for (const w of "model models loss losses learning".split(" ")) HEAD_OBJECTS.set(w, MEASURED_OBJECTS);

/** Number words, never the first word of a concept: "10 million artificial curves". */
export const NUMBER_WORDS = new Set("hundred hundreds thousand thousands million millions billion billions trillion trillions dozen dozens".split(" "));

/** Words before "loss" that make it a drop, not a loss function: "accuracy loss", "performance loss" (and every metric head). */
export const DROPS = new Set("performance quality information utility fidelity".split(" "));

/** Words before "precision" that make it a number format, not the metric: "FP16 precision", "mixed precision". */
export const NUMBER_FORMAT = /^(half|mixed|full|single|double|reduced|arbitrary|numerical|floating-point|fixed-point|(fp|bf|int|uint)\d+|\d+-bits?)$/;

/** Words before "memory" that make it hardware, not a method: "GPU memory", "flash memory". */
export const HARDWARE = new Set("gpu gpus cpu tpu flash global device host on-chip off-chip hbm dram sram peak main".split(" "));

/** Words after a name that make it hardware, which names no concept: "Jetson Nano devices", "Apple M1 chips". */
export const DEVICES = new Set("hardware device devices chip chips phone phones smartphone smartphones processor processors accelerator accelerators gpu gpus cpu cpus tpu tpus microcontroller microcontrollers".split(" "));

/** Words before "analysis" that make it a statistical method: "principal component analysis", "linear discriminant analysis". */
export const METHOD_ANALYSES = new Set("component components discriminant correlation factor semantic cluster".split(" "));

/** Settings a method is run with, named like metrics: "a batch size of 64", "the learning rate". */
export const SETTINGS = new Set(
  [
    ...["batch", "mini-batch", "minibatch", "kernel", "window", "patch", "hidden", "block", "chunk", "beam", "step", "sample", "population", "bag", "hash", "buffer", "filter", "grid", "group"].map((w) => `${w} size`),
    ...["learning", "dropout", "decay", "mask", "masking", "sampling"].map((w) => `${w} rate`),
  ],
);

/** Heads that need a specific (non-generic) modifier before them: "model" alone, "our network", "the task". */
export const WEAK_HEADS = new Set(
  "index coefficient ratio divergence divergences rates cost costs speed complexity time size consumption efficiency throughput latency usage footprint overhead model models network networks layer layers unit units module modules block blocks function functions head heads graph graphs field fields training tuning search rate score scores error errors analysis matching alignment understanding representation representations architecture architectures mechanism mechanisms memory filter filters policy policies agent agents loss losses machine machines learning prediction generation estimation".split(
    " ",
  ),
);

/** Words after a name that make it a dataset: "the SQuAD benchmark", "on the Foo corpus". */
export const DATASET_CUES = new Set("dataset datasets data corpus corpora benchmark benchmarks database databases treebank collection suite split splits set sets challenge competition leaderboard".split(" "));
/** Words after a name that make it a model: "the BERT model", "a ResNet backbone". */
export const MODEL_CUES = new Set("model models checkpoint checkpoints backbone backbones llm llms variant variants".split(" "));
/** Words after a name that make it a metric: "a FooIQA score" ("a QDA metric" may be learned, so not "metric"). */
export const METRIC_CUES = new Set("score scores".split(" "));
/** Words after a name that make it a method: "the Foo algorithm", "Foo-based". */
export const METHOD_CUES = new Set(
  "algorithm algorithms method methods approach approaches framework frameworks technique techniques loss objective scheme strategy architecture mechanism module layer optimizer".split(" "),
);
/** "-ing" words that name techniques, so they may modify a head ("boosting trees"); other "-ing" words are verbs. */
export const ING_MODIFIERS = new Set(
  "pretraining pre-training training learning embedding pooling sampling matching gating routing boosting bagging clustering hashing tracking parsing tagging labeling labelling encoding decoding ranking scaling smoothing masking prompting reasoning planning modeling modelling computing processing mining filtering denoising inpainting editing retrieval caching streaming spiking".split(" "),
);

/** Suffixes of hyphenated words whose prefix is a name: "BERT-based", "ResNet-style", "GAN-like". */
export const NAME_SUFFIXES = new Set("based style type like driven guided powered inspired specific only augmented enhanced initialized pretrained finetuned tuned generated derived".split(" "));

/** All-caps or mixed-case words that are not concepts: "We report SOTA results on 3 GPUs". */
export const NOT_NAMES = new Set(
  (
    "i ii iii iv v vi vii viii ix x xi xii ai ml dl nlp cv us uk eu usa un ok phd gpu gpus cpu cpus tpu tpus npu npus xpu xpus api apis sota url urls " +
    "io rgb rgbd 2d 3d 4d 1d hd id ids pdf html json xml csv os ui ux gb mb kb tb ms fps flops gflops tflops pflops mflops " +
    "hz khz mhz ghz db ceo llc inc ltd et al fig figs eq sec tab tabs appendix ieee acm arxiv github http https www " +
    "cnn's dc ac pc nb pm am nm mm cm km th st nd rd vs etc ie eg " +
    // organisations, not artefacts: "models from OpenAI"
    "openai google meta microsoft deepmind nvidia amd anthropic amazon apple baidu alibaba tencent huggingface ibm intel qualcomm " +
    // ground truth, the Internet of Things
    "gt iot"
  )
    .split(" ")
    .concat(["hugging face", "ground truth", "internet of things"]),
);

/**
 * Words that make a run of capitalised words an affiliation, a place or a licence, never a concept:
 * "Tsinghua University", "Allen Institute for AI", "the United Kingdom", "under the MIT License",
 * "our GitHub Repository".
 */
export const NOT_CONCEPT_WORDS = new Set(
  "university universities institute institutes college academy laboratory laboratories department school foundation kingdom license licence repository repositories".split(" "),
);

/** A dataset's splits after a hyphen: "COCO-test", "DIV2K-Val", "ImageNet-val". */
export const SPLIT = /^(train|training|val|valid|validation|dev|test|test-dev|test-std|trainval)$/i;

/** Version or size suffixes that make a variant of a family: "LLaMA-2 7B", "BERT-large", "ImageNet-21k". */
export const VARIANT =
  /^(\d+(\.\d+)?[bmkt]|\d+k|base|large|small|tiny|huge|giant|mini|medium|xl|xxl|nano|lite|instruct|chat|turbo|pro|ultra|vl|coder|code|math|omni|vision|audio|v\d+(\.\d+)?|[bslht](\/\d+)?)$/i;
