/** Stylesheets are bundled as minified text (see build.ts), for shadow roots and adopted sheets. */
declare module '*.css' {
  const text: string;
  export default text;
}
