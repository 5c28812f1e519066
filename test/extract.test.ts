/**
 * Extraction tests
 * ================
 *
 * Tables of invented sentences (never gold-file strings) with the spans and types they must give,
 * sentences that must give nothing, alias merging, homonym separation, variants, and the user
 * lexicon. A property test checks the mention-offset contract on random text.
 */
import fc from "fast-check";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { InputError } from "../src/errors.ts";
import { extractConcepts, extractPapersSync, loadUserLexicon, parseUserLexicon } from "../src/extract/index.ts";
import type { PaperConcept } from "../src/types.ts";

const here = "[extract] ";

/** "text/type" of every abstract mention, in text order. */
function spans(abstract: string, title = ""): string[] {
  const out: Array<[number, string]> = [];
  for (const c of extractConcepts({ title, abstract }))
    for (const m of c.mentions) if (m.field === "abstract") out.push([m.start, `${m.text}/${c.type}`]);
  return out.sort((a, b) => a[0] - b[0]).map(([, s]) => s);
}

function byName(concepts: PaperConcept[], text: string): PaperConcept | undefined {
  return concepts.find((c) => c.mentions.some((m) => m.text === text));
}

describe(here + "spans and types", () => {
  // [sentence, spans that must be among the output ("text/type")]
  const table: Array<[string, string[]]> = [
    ["We fine-tune ResNet-50 on CIFAR-10 and report top-5 accuracy.", ["ResNet-50/model", "CIFAR-10/dataset", "top-5 accuracy/metric"]],
    ["We evaluate LLaMA-2 (7B and 70B) on the HellaSwag benchmark.", ["LLaMA-2/model", "HellaSwag benchmark/dataset"]],
    ["Our approach outperforms GPT-4 on code generation.", ["GPT-4/model", "code generation/task"]],
    ["We train a BERT-based classifier with knowledge distillation.", ["BERT/model", "knowledge distillation/method"]],
    ["Images from ImageNet-21k and ImageNet are used for lane segmentation.", ["ImageNet-21k/dataset", "ImageNet/dataset", "lane segmentation/task"]],
    ["Results on Fashion-MNIST, KMNIST and ZetaDigits confirm the findings.", ["Fashion-MNIST/dataset", "KMNIST/dataset", "ZetaDigits/dataset"]],
    ["The proposed FlowMix improves video generation with diffusion models.", ["FlowMix/method", "video generation/task", "diffusion models/method"]],
    ["We measure mean average precision (MAPR) for object detection on LVIS.", ["mean average precision/metric", "MAPR/metric", "object detection/task", "LVIS/dataset"]],
    ["We apply Stable Diffusion to generate images.", ["Stable Diffusion/model"]],
    ["Experiments on the FooBarQA dataset show gains in macro-F1.", ["FooBarQA dataset/dataset", "macro-F1/metric"]],
    ["Gains hold on glyph ranking tasks and OCR tasks.", ["glyph ranking tasks/task", "OCR tasks/task"]],
    ["This halves the energy cost and the disk footprint at the same decoding latency.", ["energy cost/metric", "disk footprint/metric", "decoding latency/metric"]],
    ["We translate on the Finnish-Estonian pairs.", ["Finnish-Estonian/dataset"]],
    ["We adopt deep spiking convolutional networks with stochastic depth.", ["deep spiking convolutional networks/method"]],
    ["Accuracy improves when the WarbleNet-3 backbone is frozen.", ["WarbleNet-3 backbone/model"]],
    ["We use GPT-3.5 and ViT-B/16 as teachers.", ["GPT-3.5/model", "ViT-B/16/model"]],
    // unknown names typed by apposition, "called", and shape
    ["We present ZorbLM, a family of open language models.", ["ZorbLM/model"]],
    ["We introduce QuillMix, a simple augmentation method for text.", ["QuillMix/method"]],
    ["We release a new benchmark called GlyphBench with 5k tasks.", ["GlyphBench/dataset"]],
    ["Our Kestrel-7B outperforms larger models.", ["Kestrel-7B/model"]],
    ["We introduce FalconRoute, a routing framework.", ["FalconRoute/method"]],
    ["We propose Hydrangea, a pruning method for adapters.", ["Hydrangea/method"]],
    ["We adapt it into MedCLIP and evaluate on ZorbEval 2.0.", ["MedCLIP/model", "ZorbEval 2.0/dataset"]],
    ["We release a benchmark called Quillwort with 5k items.", ["Quillwort/dataset"]],
    ["Scores improve on GlyphBench, ZorbQA and MT-Quill-Eval.", ["GlyphBench/dataset", "ZorbQA/dataset", "MT-Quill-Eval/dataset"]],
    // a short sentence of capitals is not a Title Case title
    ["We use Stable Diffusion.", ["Stable Diffusion/model"]],
    // a one-word task of the lexicon heads a phrase, as "detection" does
    ["This needs efficient memory management and image colorization.", ["memory management/task", "image colorization/task"]],
    // an acronym's dataset entry types it only when the long form is a name: OC is a PwC dataset
    ["We quantize each per-output channel (OC) separately, unlike the Street View House Numbers (SVHN) setup.", ["per-output channel/method", "OC/method", "SVHN/dataset"]],
    // a family the lexicon knows only with sizes ("LAION-400M") types its bare name too
    ["We filter LAION with CLIP.", ["LAION/dataset"]],
    // an unknown acronym right before a head noun modifies it
    ["We compress the KV cache and apply ZCA normalization.", ["KV cache/method", "ZCA normalization/method"]],
    // an evaluative adjective is not part of the concept
    ["It needs strict mathematical reasoning and a versatile quantization framework.", ["mathematical reasoning/task", "quantization framework/method"]],
    // a framework is a tool methods are built with, not data
    ["We implement it in Keras and MXNet and train with JAX.", ["Keras/method", "MXNet/method", "JAX/method"]],
    // a plural before a list says what its new names are; a size suffix alone would say model
    ["We pretrain on datasets such as LAION-2B, ZorbPix-1B or WIT.", ["ZorbPix-1B/dataset"]],
    ["Baselines include models such as QuillSet and Zed-3B.", ["QuillSet/model", "Zed-3B/model"]],
    ["It needs heavy glyph tuning on specialized glyph encoders.", ["glyph tuning/method", "glyph encoders/method"]],
    ["We report the lowest glyph perplexity at an acceptable glyph cost and modest decoding overhead.", ["glyph perplexity/metric", "glyph cost/metric", "decoding overhead/metric"]],
    // in an apposition a cue word that modifies the next noun is not the head: "a data selection approach"
    ["We propose Zorkle, a new adaptive data selection approach.", ["Zorkle/method"]],
    ["We propose Quibble, a model compression technique.", ["Quibble/method"]],
    // a lower-case long form before "data" is a kind of data, not a dataset's name
    ["Generalization to out-of-glyph (OOG) data is hard, unlike the Quill Glyph Corpus (QGC) dataset.", ["OOG/method", "QGC/dataset"]],
    ["In recent years glyph detectors, state-of-art glyph encoders and high-quality glyph decoders improved.", ["glyph detectors/method", "glyph encoders/method", "glyph decoders/method"]],
    ["Models handle glyph detection and trivial glyph classification.", ["glyph detection/task", "glyph classification/task"]],
    // "... component/discriminant analysis" is a statistical method, "sentiment analysis" a task
    ["We apply glyph component analysis, quill discriminant analysis (QDA) and glyph sentiment analysis.", ["glyph component analysis/method", "quill discriminant analysis/method", "QDA/method", "glyph sentiment analysis/task"]],
    // techniques that are concepts alone, as dropout is
    ["We combine model ensembling with regularisation.", ["model ensembling/method", "regularisation/method"]],
    // a preposition opening a sentence is not part of a concept
    ["Beyond glyph reconstruction, towards glyph segmentation.", ["glyph reconstruction/task", "glyph segmentation/task"]],
    // a name right after the word for it
    ["We introduce a bilingual dataset QuillPairs-6B of image-text pairs.", ["QuillPairs-6B/dataset"]],
    // a divergence is a measure, its alias the same concept
    ["We minimise the KL divergence and a quill-glyph divergence.", ["KL divergence/metric", "quill-glyph divergence/metric"]],
    // "training" before its object is the verb; "understanding" before any head
    ["Training glyph networks and understanding quill gradient descent are hard.", ["glyph networks/method", "quill gradient descent/method"]],
    // a verb in -izes ends the phrase on its left
    // a technique's acronym is not the dataset a gazetteer lists under the same letters
    ["Discrete Sparse Coding (DSC) and Human-Oriented Descriptors (HOD) help.", ["Discrete Sparse Coding/method", "DSC/method", "Human-Oriented Descriptors/method", "HOD/method"]],
    // a capital and a digit in parentheses after a long form is its acronym, not a label
    ["We pretrain on the Colossal Clean Crawled Corpus (C4).", ["C4/dataset"]],
    // ... but a kind of layer is a concept
    ["The glyph layers and quill units follow the hidden glyph layer.", ["glyph layers/method", "quill units/method", "hidden glyph layer/method"]],
    // a name before "score" is a metric, the mention taking the word; an acronym defined as a name keeps it ("GT" is not always ground truth)
    ["We reach a QuillIQA score of 0.7 with Glyph Teacher (GT), and GT helps.", ["QuillIQA score/metric", "Glyph Teacher/method", "GT/method", "GT/method"]],
    // ... but a benchmark's scores are the benchmark's
    ["We report QuillBench scores and GlyphEval scores.", ["QuillBench/dataset", "GlyphEval/dataset"]],
    ["Our loss minimizes glyph classification and normalizes glyph embeddings.", ["glyph classification/task", "glyph embeddings/method"]],
    // descriptive participles are not part of the concept
    ["A carefully chosen glyph network recovers the celebrated quill algorithm.", ["glyph network/method", "quill algorithm/method"]],
  ];
  it.each(table)("%s", (sentence, expected) => {
    const got = spans(sentence);
    for (const e of expected) expect(got).toContain(e);
  });

  it("takes 'dataset' and 'task' into the mention, not into the name", () => {
    const cs = extractConcepts({ title: "", abstract: "On the FooBarQA dataset and the glyph classification task, FooBarQA is hard." });
    expect(byName(cs, "FooBarQA dataset")).toMatchObject({ id: "dataset:foobarqa", name: "FooBarQA" });
    expect(byName(cs, "FooBarQA dataset")!.mentions.map((m) => m.text)).toEqual(["FooBarQA dataset", "FooBarQA"]);
    expect(byName(cs, "glyph classification task")).toMatchObject({ id: "task:glyph-classification", name: "glyph classification" });
  });
  it("takes 'deep'/'3D' before and 'model'/'framework' after a method into the mention, not the name", () => {
    const cs = extractConcepts({ title: "", abstract: "A deep LSTM and the QuillNet framework improve 3D glyph reconstruction." });
    expect(byName(cs, "deep LSTM")).toMatchObject({ id: "method:long-short-term-memory", name: "LSTM" });
    expect(byName(cs, "QuillNet framework")).toMatchObject({ name: "QuillNet" });
    expect(byName(cs, "3D glyph reconstruction")?.type).toBe("task");
  });
  it("reads a name with alternative numbers as one concept per number: CIFAR-10/100, Llama-2/3, LLaMA-8B/70B, LLaMA-V1/V2", () => {
    const cs = extractConcepts({ title: "", abstract: "We train on CIFAR-10/100 with Llama-2/3 and LLaMA-8B/70B, patching as ViT-B/16 does." });
    const got = cs.map((c) => [c.id, c.name, c.mentions.map((m) => m.text).join("|")]);
    expect(got).toEqual([
      ["dataset:cifar-10", "CIFAR-10", "CIFAR-10"],
      ["dataset:cifar-100", "CIFAR-100", "100"],
      ["model:llama-2", "Llama-2", "Llama-2"],
      ["model:llama-3", "Llama-3", "3"],
      ["model:llama-8b", "LLaMA-8B", "LLaMA-8B"],
      ["model:llama-70b", "LLaMA-70B", "70B"],
      ["model:vit-b-16", "ViT-B/16", "ViT-B/16"],
    ]);
    // a version after a slash is the family's too
    const versions = extractConcepts({ title: "", abstract: "We test LLaMA-V1/V2 and YOLOv5/v8." }).map((c) => [c.id, c.name, c.mentions.map((m) => m.text).join("|")]);
    expect(versions).toEqual([
      ["model:llama-v1", "LLaMA-V1", "LLaMA-V1"],
      ["model:llama-v2", "LLaMA-V2", "V2"],
      ["model:yolov5", "YOLOv5", "YOLOv5"],
      ["model:yolov8", "YOLOv8", "v8"],
    ]);
    // the same ids as the names written out, and the offsets hold
    const apart = extractConcepts({ title: "", abstract: "CIFAR-100, Llama-3 and LLaMA-70B." }).map((c) => c.id);
    expect(apart).toEqual(["dataset:cifar-100", "model:llama-3", "model:llama-70b"]);
  });
  it("keeps 'tasks' in the name of a task that an adjective alone describes", () => {
    const cs = extractConcepts({ title: "", abstract: "This helps generative tasks, knowledge-intensive problems, a bi-linear problem and glyph retrieval tasks." });
    expect(cs.map((c) => [c.id, c.name, c.mentions[0]!.text])).toEqual([
      ["task:generative-tasks", "generative tasks", "generative tasks"],
      ["task:knowledge-intensive-problems", "knowledge-intensive problems", "knowledge-intensive problems"],
      ["task:bi-linear-problem", "bi-linear problem", "bi-linear problem"],
      ["task:glyph-retrieval", "glyph retrieval", "glyph retrieval tasks"],
    ]);
  });
  it("does not read a setting as a metric: batch size, kernel size, learning rate", () => {
    expect(spans("We set the batch size to 64, kernel sizes to 3 and the learning rate to 0.1, and report glyph accuracy.")).toEqual(["glyph accuracy/metric"]);
  });
  it("reads trees as models: gradient-boosting trees, decision trees", () => {
    expect(spans("Baselines include gradient-boosting trees, decision trees and complementary foundation models.")).toEqual([
      "gradient-boosting trees/method",
      "decision trees/method",
      "foundation models/method",
    ]);
  });
  it("reads a word in capitals after a naming verb as a name, there and everywhere else in the text", () => {
    expect(spans("We describe kernels, called MARLIN. MARLIN is fast, and WARNING signs are not names.")).toEqual(["MARLIN/method", "MARLIN/method"]);
    expect(spans("We propose EAGLE, a speculative decoding method with bespoke quantization.")).toEqual([
      "EAGLE/method",
      "speculative decoding method/method",
      "quantization/method",
    ]);
  });
  it("keeps a name with a power in it whole, in TeX or not: A^2Search, A$^2$Search-7B, M^2-Encoders", () => {
    expect(spans("We present A^2Search; A$^2$Search-7B and the models dubbed M^2-Encoders win.")).toEqual([
      "A^2Search/method",
      "A$^2$Search-7B/model",
      "M^2-Encoders/method",
    ]);
    // a power in a formula is no name
    expect(spans("The loss is x^2 + S^2, with R^2 and S_1^{-alpha}.")).toEqual([]);
  });
  it("leaves evaluative words out of the name: aggressive pruning is pruning", () => {
    expect(spans("Aggressive pruning, elaborate training and redundant architectures need the desired cost function and rich representations.")).toEqual([
      "pruning/method",
      "cost function/method",
    ]);
  });
  it("reads 'Dataset' with a capital after one name as the cue, so 'the MAMe Dataset' is MAMe", () => {
    const cs = extractConcepts({ title: "The MAMe Dataset: On Image Shape", abstract: "We use the MAMe dataset and the Quux Benchmark." });
    expect(cs.map((c) => [c.id, c.mentions.map((m) => m.text)])).toEqual([
      ["dataset:mame", ["MAMe Dataset", "MAMe dataset"]],
      ["dataset:quux", ["Quux Benchmark"]],
    ]);
    // several words before the cue are a name of their own
    expect(spans("We report on the Massive Text Embedding Benchmark.")).toEqual(["Massive Text Embedding Benchmark/dataset"]);
  });
  it("leaves comparisons out of a metric's name: suboptimal inference accuracy is inference accuracy", () => {
    expect(spans("It shows worse perplexity, suboptimal inference accuracy, a consistent learning speed and equivalent precision in a short time.")).toEqual([
      "perplexity/metric",
      "inference accuracy/metric",
      "learning speed/metric",
      "precision/metric",
    ]);
  });
  it("reads attention's key before 'cache' as a noun, and 'key' elsewhere as evaluative", () => {
    expect(spans("The key cache grows, unlike a key module.")).toEqual(["key cache/method"]);
  });
  it("reads a possessive as punctuation", () => {
    expect(spans("The model's contrastive distillation helps.")).toEqual(["contrastive distillation/method"]);
  });
  it("keeps names whole and drops trailing punctuation", () => {
    expect(spans("Compared with ResNet-50.")).toEqual(["ResNet-50/model"]);
    expect(spans("We test GPT-4, then LLaMA-2's variants.")).toEqual(["GPT-4/model", "LLaMA-2/model"]);
    expect(spans("The proposed GlimmerNet works.")).toEqual(["GlimmerNet/model"]);
    // one capital before an agent noun is a name; GPT-type models are GPT, the mention taking both words
    expect(spans("We propose a method, D-Pruner, and compare GPT-type models with X-Ray scans.")).toEqual(["D-Pruner/method", "GPT-type models/model"]);
  });
});

describe(here + "false positives", () => {
  const nothing = [
    "We propose a novel method.",
    "The proposed method achieves state-of-the-art performance in extensive experiments.",
    "Our model is simple and effective.",
    "Results show that our framework is efficient.",
    "In this paper, we present a new approach.",
    "Extensive experiments demonstrate the effectiveness of our technique.",
    "We release our code at GitHub.",
    "Training takes 3 days on 8 GPUs.",
    "We compare against larger models and stronger baselines.",
    "At test time we spend time on a reasonable size.",
    "We lack a general any-to-3D paradigm.",
    "We try to identify attention that matters in models from OpenAI.",
    "As Quimby et al. note, the F filters call REMOVEREDUNDANCY first.",
    "Let yN and pR denote the outputs of layer C1923.",
    "Code is at https://github.com/QuuxLab/FlumeKit and github.com/ZedOrg/BarTool.",
    "Model-Aware Retrieval-Based selection helps.",
    "WARNING: this section is long.",
    // evaluative adjectives and research verbs before a weak head leave nothing specific
    "This is a fundamental problem with minimal memory and minimal overhead.",
    "Inappropriate training is a crucial task for a versatile model.",
    "It preserves efficiency, maintains speed and retains size.",
    // affiliations, places, licences and companies are not concepts, whatever a gazetteer lists ("MIT", "AMD", "University")
    "This was done at Quimby University, the Zorb Institute for Learning and University College Quux in the United Kingdom.",
    "Code is released under the MIT License.",
    "It runs on NVIDIA and AMD GPUs.",
    "Solving these equations is a central task.",
    "It faces the aforementioned problems and computationally expensive retrieval, with comparable recognition results.",
    "Code and the huge models are in our GitHub Repository.",
    "We fit L(s) = L_0 + Acdot S_1^{-alpha}, where S_1 is the area.",
    // a training word before the data or steps it describes is not a method
    "Imbalance in labeled training data needs fewer training steps and adequate training resources.",
    // a drop in a measure is not a loss function; hardware memory is not a method
    "It keeps the performance loss and quality loss small and needs 27 GB of GPU memory and flash memory.",
    // a number format and a speed are not metrics; idioms of attention are not methods
    "We replace high-precision weights with FP16 precision and reach real-time speeds; the topic received great attention.",
    // enumeration labels are not names, even where a gazetteer lists them ("P3", "C3"); nor is a company
    "Its flaws are (P1) glyph variance, (P2) quill demand, and (P3) over-smooth output; we fix P3.",
    "It is slow. (C3) Weight initialization is hard, unlike in Hugging Face code.",
    // ground truth and the Internet of Things are not concepts, with or without their acronyms
    "We compare super-resolved and ground truth (GT) images with GT labels; the Internet-of-Things (IoT) grows.",
    "We compare Ground Truth (GT) masks; inference-time scaling and real-time control help.",
    // more evaluative adjectives
    "An alternative network, a basic encoder and intact models beat complicated models and inefficient algorithms; separate models leave an unsolved problem.",
    // which prediction, not what is predicted
    "The next prediction, an incorrect prediction and a first-of-its-kind estimation follow.",
    // a capitalised participle before "data" describes the data
    "Filtered data: see the link. We also release the Annotated dataset.",
    // where a layer or unit sits is not which kind it is
    "The hidden units, the output layer and two intermediate layers are wide.",
    // one English adjective before "task" or "problem" says what kind, not which task
    "This helps rare tasks and the shared task, an overlooked problem.",
    // hardware is not a dataset, even after "on"
    "We run on Quimby Nano devices, on FP-supported hardware and on Zorb M1 chips.",
    // evaluative words, however new
    "An innovative and widespread network beats the preferred technique and mainstream architectures.",
    // two measures in tension name neither
    "It gives a better speed-accuracy tradeoff, a latency-BLEU trade-off and accuracy-efficiency trade-offs.",
    // a share is not the top-k accuracy; other processing units are hardware too
    "It only updates the top 5% of weights and the top 10% heads, tracking xPU and NPU utilization.",
    // "model", "loss" and "learning" before what they have: the noun after them is the head
    "We select on the projected model performance, the relative loss values and 10 million artificial learning curves.",
    // an evaluative word before a divergence says how large, not which
    "We see a clear divergence and the greatest divergence here.",
  ];
  it.each(nothing)("%s", (sentence) => {
    expect(spans(sentence)).toEqual([]);
  });
  it("does not read capitalised title words as gazetteer names in capitals (HELP, RARE, ODDS)", () => {
    for (const title of ["Does Sparsity Help in Learning Misspecified Linear Bandits?", "Predicting Rare Events by Shrinking Towards Proportional Odds"])
      expect(extractConcepts({ title, abstract: "" })).toEqual([]);
  });
  it("never types a category as a named model", () => {
    for (const abstract of [
      "Large language models and diffusion models are popular.",
      "An engine tailored for mixture-of-expert (MoE) LLMs runs on phones.",
      "We compare the central DP model and the local DP model.",
    ])
      expect(extractConcepts({ title: "", abstract }).map((c) => c.type)).not.toContain("model");
  });
});

describe(here + "two-letter dataset names of the gazetteer", () => {
  // LM, SD and GD are listed datasets; as acronyms they are far more often a language model,
  // Stable Diffusion and gradient descent
  it.each([
    ["We train an LM with GD.", ["LM/method", "GD/method"]],
    ["Images generated by SD are sharp.", ["SD/method"]],
    ["We evaluate on MR and on the UD treebanks.", ["MR/dataset", "UD/dataset"]],
    ["The MR dataset is small.", ["MR dataset/dataset"]],
    ["The results, based on SD, hold.", ["SD/method"]],
  ])("%s", (sentence, expected) => {
    expect(spans(sentence)).toEqual(expected);
  });
});

describe(here + "task names the gazetteer lists as datasets too", () => {
  // "Sentence Compression" and "Extreme Summarization" are PwC datasets named after their task
  it.each([
    ["We study sentence compression.", ["sentence compression/task"]],
    ["Extreme Summarization is hard.", ["Extreme Summarization/task"]],
    ["We use Natural Questions and Rotated MNIST.", ["Natural Questions/dataset", "Rotated MNIST/dataset"]],
  ])("%s", (sentence, expected) => {
    expect(spans(sentence)).toEqual(expected);
  });
});

describe(here + "acronyms and aliases", () => {
  it("reads a split of a listed dataset as that dataset: COCO-test is COCO", () => {
    const cs = extractConcepts({ title: "", abstract: "We test on DIV2K-Val, COCO-test and ImageNet-val datasets; BERT-test is not a split." });
    expect(byName(cs, "DIV2K-Val")).toMatchObject({ id: "dataset:div2k", name: "DIV2K" });
    expect(byName(cs, "COCO-test")).toMatchObject({ id: "dataset:coco", name: "COCO" });
    expect(byName(cs, "ImageNet-val datasets")).toMatchObject({ id: "dataset:imagenet" });
    expect(byName(cs, "BERT-test")?.id).not.toBe("model:bert");
  });
  it("reads a listed alias before 'tasks' as that alias: language modelling tasks are language modeling", () => {
    const cs = extractConcepts({ title: "", abstract: "It helps language modelling tasks and QA tasks in particular." });
    expect(byName(cs, "language modelling tasks")).toMatchObject({ id: "task:language-modeling" });
    expect(byName(cs, "QA tasks")).toMatchObject({ id: "task:question-answering" });
  });
  it("merges the spellings of a divergence: Kullback-Leibler divergence is KL divergence", () => {
    const cs = extractConcepts({ title: "", abstract: "We minimise the Kullback-Leibler divergence, then the KL-divergence, and compare the JS divergence." });
    expect(byName(cs, "Kullback-Leibler divergence")?.id).toBe("metric:kl-divergence");
    expect(byName(cs, "KL-divergence")?.id).toBe("metric:kl-divergence");
    expect(byName(cs, "JS divergence")).toMatchObject({ id: "metric:jensen-shannon-divergence" });
  });
  it("merges 'long form (ACR)' and later bare uses", () => {
    const cs = extractConcepts({ title: "", abstract: "We introduce Quantile Boosted Trees (QBT), a learner. QBT converges quickly." });
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject({ id: "method:qbt", name: "QBT", aliases: ["Quantile Boosted Trees"] });
    expect(cs[0]!.mentions.map((m) => m.text)).toEqual(["Quantile Boosted Trees", "QBT", "QBT"]);
  });
  it("merges 'ACR (long form)'", () => {
    const cs = extractConcepts({ title: "", abstract: "SPR (Sparse Prototype Routing) reduces memory." });
    expect(cs[0]).toMatchObject({ id: "method:spr", aliases: ["Sparse Prototype Routing"] });
  });
  it("resolves a title acronym to the abstract's definition", () => {
    const cs = extractConcepts({ title: "QBT: Fast Trees", abstract: "We introduce Quantile Boosted Trees (QBT) for ranking." });
    const qbt = cs.find((c) => c.id === "method:qbt")!;
    expect(qbt.mentions.map((m) => m.field)).toEqual(["title", "abstract", "abstract"]);
  });
  it("merges spelling variants into one concept with aliases", () => {
    const cs = extractConcepts({ title: "", abstract: "We use CIFAR10, CIFAR-10 and cifar-10 interchangeably." });
    const cifar = cs.filter((c) => c.type === "dataset");
    expect(cifar).toHaveLength(1);
    expect(cifar[0]!.id).toBe("dataset:cifar-10");
    expect(cifar[0]!.mentions).toHaveLength(3);
    expect([cifar[0]!.name, ...cifar[0]!.aliases].sort()).toEqual(["CIFAR-10", "CIFAR10", "cifar-10"]);
  });
  it("treats Llama 2 and LLaMA-2 as one model", () => {
    const cs = extractConcepts({ title: "", abstract: "We compare Llama 2 with LLaMA-2 checkpoints." });
    expect(cs.filter((c) => c.id === "model:llama-2")).toHaveLength(1);
    expect(byName(cs, "Llama 2")?.id).toBe("model:llama-2");
  });
  it("makes a name that extends a known one its variant", () => {
    const cs = extractConcepts({ title: "", abstract: "We compare with Mistral Zephyrine and Stable Diffusion XL." });
    expect(byName(cs, "Mistral Zephyrine")).toMatchObject({ type: "model", parent: "model:mistral" });
    expect(byName(cs, "Stable Diffusion XL")).toMatchObject({ type: "model", parent: "model:stable-diffusion" });
  });
  it("types a new size of a listed family like the family ('LAION-400M' listed)", () => {
    const cs = extractConcepts({ title: "", abstract: "We pretrain on LAION-2B and compare with Kestrel-7B." });
    expect(byName(cs, "LAION-2B")?.type).toBe("dataset");
    expect(byName(cs, "Kestrel-7B")?.type).toBe("model");
  });
  it("finds the listed family of a new variant name", () => {
    const cs = extractConcepts({ title: "", abstract: "We fine-tune Qwen2.5-7B-Instruct and Llama-3.1-8B." });
    expect(byName(cs, "Qwen2.5-7B-Instruct")).toMatchObject({ type: "model", parent: "model:qwen" });
    expect(byName(cs, "Llama-3.1-8B")).toMatchObject({ type: "model", parent: "model:llama" });
  });
  it("reads modern variant suffixes", () => {
    const cs = extractConcepts({ title: "", abstract: "We compare Qwen-VL with Mistral-Coder and BERT-large." });
    expect(byName(cs, "Qwen-VL")).toMatchObject({ type: "model", parent: "model:qwen" });
    expect(byName(cs, "Mistral-Coder")).toMatchObject({ type: "model", parent: "model:mistral" });
    expect(byName(cs, "BERT-large")).toMatchObject({ type: "model", parent: "model:bert" });
    expect(extractConcepts({ title: "", abstract: "We release the BERT code." }).map((c) => c.name)).toEqual(["BERT"]);
  });
  it("reads a method and the word for its kind as the method: a deep learning model is deep learning", () => {
    const cs = extractConcepts({
      title: "",
      abstract: "We train a deep learning model, use the gradient descent algorithm and a Transformer architecture, keep KV caches and the KV cache, and compare language models and text embedding models with self-attention mechanisms.",
    });
    expect(cs.map((c) => [c.id, c.mentions.map((m) => m.text)])).toEqual([
      ["method:deep-learning", ["deep learning model"]],
      ["method:gradient-descent", ["gradient descent algorithm"]],
      ["method:transformer", ["Transformer architecture"]],
      ["method:kv-caches", ["KV caches", "KV cache"]], // one concept: "caches" is the plural of "cache"
      ["method:language-model", ["language models"]],
      ["method:text-embedding-models", ["text embedding models"]], // a model that makes embeddings, not the embedding
      ["method:self-attention", ["self-attention mechanisms"]],
    ]);
  });
  it("reads a metric and 'score', 'metric' or 'points' after it as the metric: perplexity scores are perplexity", () => {
    const cs = extractConcepts({ title: "", abstract: "We report BLEU scores, the BLEU metric, 2 BLEU points, perplexity scores and perplexity." });
    expect(cs.map((c) => [c.id, c.mentions.map((m) => m.text)])).toEqual([
      ["metric:bleu", ["BLEU scores", "BLEU metric", "BLEU points"]],
      ["metric:perplexity", ["perplexity scores", "perplexity"]],
    ]);
  });
  it("reads 'CNN-based methods' as one mention of CNN, and 'CNN-based' alone as CNN", () => {
    const cs = extractConcepts({ title: "", abstract: "CNN-based methods and RL-based approaches beat a CNN-based detector." });
    expect(cs.map((c) => [c.id, c.mentions.map((m) => m.text)])).toEqual([
      ["method:convolutional-neural-network", ["CNN-based methods", "CNN"]],
      ["method:reinforcement-learning", ["RL-based approaches"]],
    ]);
  });
  it("links a variant to its family", () => {
    const cs = extractConcepts({ title: "", abstract: "We pretrain LLaMA-2 70B and compare ImageNet-21k with ImageNet." });
    expect(byName(cs, "LLaMA-2 70B")).toMatchObject({ id: "model:llama-2-70b", parent: "model:llama-2" });
    expect(byName(cs, "ImageNet-21k")).toMatchObject({ id: "dataset:imagenet-21k", parent: "dataset:imagenet" });
    expect(byName(cs, "ImageNet")?.parent).toBeUndefined();
  });
});

describe(here + "across papers", () => {
  const papers = [
    { id: "a", title: "", abstract: "Activation-aware Weight Quantization (AWQ) compresses models. AWQ is fast." },
    { id: "b", title: "", abstract: "We revisit Activation-aware Weight Quantization (AWQ) for phones." },
    { id: "c", title: "", abstract: "Adaptive Wavelet Quantizer (AWQ) compresses images." },
    { id: "d", title: "", abstract: "We apply activation-aware weight quantization to speech." },
  ];
  const run = extractPapersSync(papers);
  const ids = (i: number) => run.papers[i]!.concepts.map((c) => c.id);

  it("keeps homonyms apart and lists them", () => {
    expect(ids(0)).toContain("method:awq");
    expect(ids(1)).toContain("method:awq");
    expect(ids(2)).toContain("method:awq-adaptive-wavelet-quantizer");
    expect(run.ambiguousAcronyms).toEqual([
      { acronym: "AWQ", longForms: ["Activation-aware Weight Quantization", "Adaptive Wavelet Quantizer"], conceptIds: ["method:awq", "method:awq-adaptive-wavelet-quantizer"] },
    ]);
  });
  it("treats inflections of one long form as one meaning, not as homonyms", () => {
    const inflected = extractPapersSync([
      { id: "e", title: "", abstract: "Learned Sparse Retrieval (LSR) indexes documents." },
      { id: "f", title: "", abstract: "We distil learned sparse retrievers (LSR) for speed." },
      { id: "g", title: "", abstract: "Grounded Teacher (GT) labels images, unlike the ground truth (GT) labels." },
    ]);
    const lsr = inflected.papers.slice(0, 2).map((p) => p.concepts.find((c) => c.name === "LSR")?.id);
    expect(lsr[0]).toBeDefined();
    expect(lsr[1]).toBe(lsr[0]);
    expect(inflected.ambiguousAcronyms.map((a) => a.acronym)).not.toContain("LSR");
  });
  it("joins a bare long form to its acronym's concept", () => {
    expect(ids(3)).toContain("method:awq");
  });
  it("gives the same result whatever the order of papers", () => {
    const reversed = extractPapersSync([...papers].reverse());
    expect(reversed.papers.reverse()).toEqual(run.papers);
    expect(reversed.ambiguousAcronyms).toEqual(run.ambiguousAcronyms);
  });
});

describe(here + "user lexicon", () => {
  it("merges an alias and suppresses a stop-concept", () => {
    const lexicon = parseUserLexicon("# mine\nZetaNet\tWarble Network\tmodel\n!stop\tdropout\n", "lex.tsv");
    const cs = extractConcepts({ title: "", abstract: "We train ZetaNet and the Warble Network with dropout." }, { lexicon });
    expect(cs.map((c) => c.id)).toEqual(["model:warble-network"]);
    expect(cs[0]!.mentions.map((m) => m.text)).toEqual(["ZetaNet", "Warble Network"]);
  });
  it.each([
    ["only-one-column\n", 1],
    ["# ok\nA\tB\tgadget\n", 2],
    ["\n!stop\n", 2],
    ["a\tb\tmethod\nx\ty\n", 2],
  ])("rejects %j at line %i", (text, line) => {
    expect(() => parseUserLexicon(text, "lex.tsv")).toThrow(InputError);
    try {
      parseUserLexicon(text, "lex.tsv");
    } catch (e) {
      expect((e as InputError).line).toBe(line);
      expect((e as Error).message).toMatch(new RegExp(`^lex\\.tsv:${line}: `));
    }
  });
  it("reads a file and names it when unreadable", () => {
    const dir = mkdtempSync(join(tmpdir(), "pg-lex-"));
    const file = join(dir, "lexicon.tsv");
    writeFileSync(file, "Foo\tBar\tmethod\n");
    expect(loadUserLexicon(file).aliases).toEqual([{ alias: "Foo", canonical: "Bar", type: "method" }]);
    expect(() => loadUserLexicon(join(dir, "missing.tsv"))).toThrow(/missing\.tsv: cannot read/);
  });
});

describe(here + "offset contract", () => {
  it("every mention is field.slice(start, end), in bounds, non-empty", () => {
    const word = fc.constantFrom("ResNet-50", "the", "(", ")", "CIFAR-10", "GPT-4", "model", "networks", "deep", ",", ".", "Éclair", "data", "AWQ", "Foo Bar", "😀", "on", "dataset", "LLaMA-2", "7B");
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.array(word, { maxLength: 8 }), (ws, ts) => {
        const paper = { title: ts.join(" "), abstract: ws.join(" ") };
        for (const c of extractConcepts(paper)) {
          expect(c.id).toMatch(/^(method|dataset|model|task|metric):[\p{L}\p{N}-]+$/u);
          for (const m of c.mentions) {
            expect(m.end).toBeGreaterThan(m.start);
            expect(paper[m.field].slice(m.start, m.end)).toBe(m.text);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
