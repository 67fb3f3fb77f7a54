import { Component, type ReactNode } from 'react';

interface Props {
  readonly children: ReactNode;
  readonly what: string;
}

/** Shows a message instead of a blank panel when a view (usually WebGL) fails to start or crashes. */
export class CanvasErrorBoundary extends Component<Props, { error: string | null }> {
  override state = { error: null as string | null };

  static getDerivedStateFromError(err: unknown) {
    return { error: err instanceof Error ? err.message : String(err) };
  }

  override render() {
    if (this.state.error !== null) {
      return (
        <div className="panel-error" role="alert">
          The {this.props.what} could not be drawn: {this.state.error}. The other views still work.
        </div>
      );
    }
    return this.props.children;
  }
}
