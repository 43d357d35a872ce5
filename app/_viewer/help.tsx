export const SHORTCUTS: [string, string][] = [
  ['W', 'Window/level (drag)'],
  ['P · middle drag · Ctrl+drag', 'Pan'],
  ['Z · right drag · Shift+drag', 'Zoom'],
  ['Wheel · ↑ ↓ · PgUp PgDn', 'Previous / next slice (Home, End: first, last)'],
  ['1–5', 'Window presets (CT); A: window from the image'],
  ['I', 'Invert'],
  ['R', 'Reset view'],
  ['[ ]', 'Rotate 90°'],
  ['H · V', 'Flip horizontally / vertically'],
  ['Space', 'Cine on/off'],
  ['L · D · G · O · E', 'Length, bidirectional, angle, rectangle, ellipse'],
  ['F · C · T · K · X', 'Freehand contour, spline contour (click points, close on the first), point, arrow (a double click on it changes its text), box'],
  ['B · Shift+B · Shift+E · J', 'Brush, sphere brush (paints the neighbouring slices too), eraser, threshold brush'],
  ['S', 'Model suggestion: click a structure or drag a box; Enter accepts, Esc rejects'],
  ['Ctrl+Z · Ctrl+Shift+Z', 'Undo / redo (all tools)'],
  ['Delete', 'Delete the selected annotation'],
  ['M', 'MPR: axial, sagittal and coronal views with crosshairs (drag the centre; the stack follows); with a finding or segment tool chosen, drag there to draw or paint'],
  ['U', 'DICOM header of the image on screen'],
  ['N', 'Next case (worklist)'],
  ['?', 'This help'],
];

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div className="viewer-help" role="dialog" aria-label="Keyboard shortcuts">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <strong>Keyboard shortcuts</strong>
        <button className="btn btn-sm" onClick={onClose}>Close</button>
      </div>
      <table>
        <tbody>
          {SHORTCUTS.map(([k, v]) => (
            <tr key={k}>
              <td><kbd>{k}</kbd></td>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
