import type { TLabelSchema } from '../../server/contracts/label-schema';

/** A realistic lung nodule schema (Lung-RADS-like presence, LIDC-style malignancy 1–5). */
export const DEMO_SCHEMA: TLabelSchema = {
  questions: [
    { id: 'nodule_present', type: 'single', text: 'Is a nodule present?', required: true, help: 'Any solid, part-solid or ground-glass nodule ≥ 3 mm.', options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] },
    {
      id: 'malignancy',
      type: 'ordinal',
      text: 'Malignancy (most suspicious nodule)',
      required: false,
      help: 'LIDC-IDRI rating scale.',
      options: [
        { id: 'm1', value: 1, label: '1', description: 'Highly unlikely' },
        { id: 'm2', value: 2, label: '2', description: 'Moderately unlikely' },
        { id: 'm3', value: 3, label: '3', description: 'Indeterminate' },
        { id: 'm4', value: 4, label: '4', description: 'Moderately suspicious' },
        { id: 'm5', value: 5, label: '5', description: 'Highly suspicious' },
      ],
    },
    { id: 'image_quality', type: 'single', text: 'Image quality', required: true, help: '', options: [{ id: 'diagnostic', label: 'Diagnostic' }, { id: 'limited', label: 'Limited' }, { id: 'non_diagnostic', label: 'Non-diagnostic' }] },
    { id: 'comment', type: 'text', text: 'Comment', required: false, help: '', maxLength: 2000 },
  ],
  labels: [
    {
      id: 'nodule',
      name: 'Nodule',
      color: '#e4572e',
      kind: 'segmentation',
      attributes: [
        { id: 'nodule_type', type: 'single', text: 'Type', required: true, help: '', options: [{ id: 'solid', label: 'Solid' }, { id: 'part_solid', label: 'Part-solid' }, { id: 'ground_glass', label: 'Ground-glass' }] },
      ],
    },
    { id: 'long_axis', name: 'Long axis', color: '#29bf12', kind: 'measurement', attributes: [] },
  ],
};

/** Brain MR volumetry: ventricles and lesions painted, the third ventricle measured, two questions. */
export const BRAIN_SCHEMA: TLabelSchema = {
  questions: [
    { id: 'image_quality', type: 'single', text: 'Image quality', required: true, help: '', options: [{ id: 'diagnostic', label: 'Diagnostic' }, { id: 'limited', label: 'Limited' }, { id: 'non_diagnostic', label: 'Non-diagnostic' }] },
    {
      id: 'atrophy',
      type: 'ordinal',
      text: 'Global cortical atrophy (GCA)',
      required: true,
      help: 'Pasquier scale.',
      options: [
        { id: 'gca0', value: 0, label: '0', description: 'No atrophy' },
        { id: 'gca1', value: 1, label: '1', description: 'Opening of sulci' },
        { id: 'gca2', value: 2, label: '2', description: 'Volume loss of gyri' },
        { id: 'gca3', value: 3, label: '3', description: 'Knife-blade atrophy' },
      ],
    },
    { id: 'comment', type: 'text', text: 'Comment', required: false, help: '', maxLength: 2000 },
  ],
  labels: [
    { id: 'ventricles', name: 'Lateral ventricles', color: '#3b82f6', kind: 'segmentation', attributes: [] },
    { id: 'lesion', name: 'White-matter lesion', color: '#f59e0b', kind: 'segmentation', attributes: [] },
    {
      id: 'third_ventricle',
      name: 'Third ventricle width',
      color: '#22c55e',
      kind: 'measurement',
      attributes: [{ id: 'confidence', type: 'single', text: 'Confidence', required: true, help: '', options: [{ id: 'high', label: 'High' }, { id: 'low', label: 'Low' }] }],
    },
    { id: 'landmark', name: 'Landmark', color: '#e879f9', kind: 'point', attributes: [] },
  ],
};

/** The chest X-ray demo: lung fields painted (by hand or from the model's suggestions) and one question. */
export const CHEST_SCHEMA: TLabelSchema = {
  questions: [
    { id: 'image_quality', type: 'single', text: 'Image quality', required: true, help: '', options: [{ id: 'diagnostic', label: 'Diagnostic' }, { id: 'limited', label: 'Limited' }] },
  ],
  labels: [
    { id: 'right_lung', name: 'Right lung', color: '#22c55e', kind: 'segmentation', attributes: [] },
    { id: 'left_lung', name: 'Left lung', color: '#3b82f6', kind: 'segmentation', attributes: [] },
  ],
};

/** LIDC-IDRI 0221: outline the nodule and measure its long axis (three radiologists' real outlines are the demo's reads). */
export const NODULE_OUTLINE_SCHEMA: TLabelSchema = {
  questions: [],
  labels: [
    { id: 'nodule', name: 'Nodule', color: '#e4572e', kind: 'segmentation', attributes: [] },
    { id: 'long_axis', name: 'Long axis', color: '#29bf12', kind: 'measurement', attributes: [] },
  ],
};
