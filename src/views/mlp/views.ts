/** The MLP lab's views, one chunk loaded only where that lab is shown (lazy.tsx). */
export { DecisionMap } from './DecisionMap';
export { LayerGradients } from './LayerGradients';
export { MlpControls } from './MlpControls';
export { NetworkDiagram } from './NetworkDiagram';
export { OffPlaneGauge } from './OffPlaneGauge';
export { SliceCaption } from './SliceCaption';
export { SurfaceProgress } from './SurfaceProgress';
