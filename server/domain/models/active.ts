import path from 'node:path';
import type { TActiveModel } from '../../contracts/model/config';
import { readModelConfig, SHIPPED_MODELS_DIR } from '../../model/files';

/** The model Concord ships (public/models/click-seg), offered to every project with segmentation labels. */
export const SHIPPED_MODEL_ID = 'click-seg';

let shipped: TActiveModel | null = null;

export function shippedModel(): TActiveModel {
  if (!shipped) {
    const config = readModelConfig(path.join(SHIPPED_MODELS_DIR, SHIPPED_MODEL_ID, 'model.json'));
    shipped = { id: SHIPPED_MODEL_ID, name: config.name, version: config.version, url: `/models/${SHIPPED_MODEL_ID}/model.onnx`, shipped: true, config };
  }
  return shipped;
}
