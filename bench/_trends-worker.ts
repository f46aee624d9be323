// A worker thread of `npm run bench -- trends`: runs and scores the streams it is sent.
import { parentPort } from 'node:worker_threads';
import type { AlertSettings } from '../src/index';
import type { BankName } from './_trends-banks';
import { runAndScore } from './_trends-run';
import type { BenchStream } from './_trends-suite';

parentPort!.on('message', (job: { stream: BenchStream; settings: AlertSettings; bank: BankName }) => {
  parentPort!.postMessage(runAndScore(job.stream, job.settings, job.bank));
});
