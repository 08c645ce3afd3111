/** The page frame the tutorial's pages share (Woomera's pages repeat it inline). */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html>
  <head>
    <meta charset="UTF-8">
    <title>${title}</title>
  </head>
  <body>
${body}
  </body>
</html>
`;
}
