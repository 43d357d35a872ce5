/** Window/level presets (width, center) radiologists expect; MR uses the image's own range ("auto"). */
export const WL_PRESETS: Record<string, { label: string; key: string; width: number; center: number }[]> = {
  CT: [
    { label: 'Lung', key: '1', width: 1500, center: -600 },
    { label: 'Mediastinum', key: '2', width: 350, center: 50 },
    { label: 'Abdomen', key: '3', width: 400, center: 40 },
    { label: 'Bone', key: '4', width: 1800, center: 400 },
    { label: 'Brain', key: '5', width: 80, center: 40 },
  ],
};

export const presetsFor = (modality: string) => WL_PRESETS[modality] ?? [];

export const voiRange = (p: { width: number; center: number }) => ({ lower: p.center - p.width / 2, upper: p.center + p.width / 2 });
