import path from 'node:path';
import type { TActiveModel } from '../../contracts/model/config';
import { readModelConfig, SHIPPED_MODELS_DIR } from '../../model/files';

/** The suggestion model Concord ships (public/models/click-seg), offered to every project with segmentation labels. */
export const SHIPPED_MODEL_ID = 'click-seg';
/** The pre-annotation model Concord ships (public/models/cxr-lungs): both lung fields of a chest radiograph. */
export const SHIPPED_PREANNOTATION_ID = 'cxr-lungs';

const cache = new Map<string, TActiveModel>();

/** A shipped model as browsers get it (served from public/models). */
export function shippedModel(id: string = SHIPPED_MODEL_ID): TActiveModel {
  let m = cache.get(id);
  if (!m) {
    const config = readModelConfig(path.join(SHIPPED_MODELS_DIR, id, 'model.json'));
    cache.set(id, (m = { id, name: config.name, version: config.version, url: `/models/${id}/model.onnx`, shipped: true, config }));
  }
  return m;
}
