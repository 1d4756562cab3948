/**
 * Set-up file of the tfjs test project (vitest.config.ts `setupFiles`): keep TensorFlow.js's console
 * banners (the CPU backend's "install our node backend" notice) out of the test runner's output.
 * tfjs-core prints such warnings only when neither `PROD` nor `IS_TEST` is set; `PROD` changes nothing
 * else (`IS_TEST` would also turn on per-kernel memory-leak checks).
 */
import * as tf from '@tensorflow/tfjs-core';

tf.env().set('PROD', true);
