// dcmjs ships no types; only its data dictionary is used (server/dicom/vr.ts).
declare module 'dcmjs';
