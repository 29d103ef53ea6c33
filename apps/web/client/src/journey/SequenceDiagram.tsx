import { useEffect, useRef, useState } from 'react';

let renders = 0;

/**
 * Draws mermaid text as SVG. mermaid is loaded on first use, so the storefront's pages do not
 * carry it; `securityLevel: 'strict'` keeps labels (message types, queue names) as plain text.
 */
export const SequenceDiagram = ({ text }: { text: string }) => {
  const container = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string>();
  // The whole journey at a glance by default; at its actual size its labels read easily.
  const [fit, setFit] = useState(true);
  useEffect(() => {
    let current = true;
    void (async () => {
      try {
        const { default: mermaid } = await import('mermaid');
        // At its natural width (the container scrolls): scaled to the page, its labels are unreadable.
        mermaid.initialize({
          startOnLoad: false,
          securityLevel: 'strict',
          theme: 'neutral',
          sequence: { useMaxWidth: false, actorMargin: 24, width: 120, messageFontSize: 12 },
        });
        renders += 1;
        const { svg } = await mermaid.render(`journey-diagram-${renders}`, text);
        if (current && container.current !== null) container.current.innerHTML = svg;
        setFailure(undefined);
      } catch (error) {
        if (current) setFailure(error instanceof Error ? error.message : String(error));
      }
    })();
    return () => {
      current = false;
    };
  }, [text]);
  return (
    <>
      {failure !== undefined && (
        <p className="problem">The diagram could not be drawn: {failure}</p>
      )}
      <button type="button" onClick={() => setFit(!fit)}>
        {fit ? 'Actual size' : 'Fit to the page'}
      </button>
      <div
        className={fit ? 'sequence-diagram fit' : 'sequence-diagram'}
        data-testid="sequence-diagram"
        ref={container}
      />
    </>
  );
};
