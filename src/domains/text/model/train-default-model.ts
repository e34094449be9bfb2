import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeLinearModel, trainLinearModel, wordFeatures } from '../linear-model.ts';
import { tokenize } from '../tokens.ts';

/**
 * Trains the shipped default sentiment weights from the UCI "Sentiment Labelled Sentences"
 * (Kotzias et al., KDD 2015) — and from nothing else: the airline tweets are for evaluation only.
 * Run: `node --import tsx src/domains/text/model/train-default-model.ts [path/to/uci-sentences]`.
 */
const here = dirname(fileURLToPath(import.meta.url));
const source = process.argv[2] ?? join(here, '..', '..', '..', '..', '..', 'shared', 'data', 'uci-sentences');
const files = ['amazon_cells_labelled.txt', 'imdb_labelled.txt', 'yelp_labelled.txt'];

const examples = files.flatMap((file) =>
  readFileSync(join(source, file), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /\t[01]$/.test(line))
    .map((line) => {
      const tab = line.lastIndexOf('\t');
      return {
        features: wordFeatures(tokenize(line.slice(0, tab))),
        label: line.slice(tab + 1) === '1' ? 'positive' : 'negative',
      };
    }),
);

const model = trainLinearModel(examples, { epochs: 15, learningRate: 0.2, l2: 3e-4, minCount: 2 });
const serialized = serializeLinearModel(model, 0.02);
const out = join(here, 'default-sentiment.json');
writeFileSync(
  out,
  `${JSON.stringify({ source: 'uci-sentences (Kotzias et al., KDD 2015)', examples: examples.length, ...serialized })}\n`,
);
process.stderr.write(
  `${examples.length} sentences → ${Object.keys(serialized.weights).length} weights in ${out}\n`,
);
