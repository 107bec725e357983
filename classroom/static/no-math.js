// The classroom's explorers contain no mathematics. Voila's typesetter loads the script named
// by Voila.mathjax_url the first time a widget label asks to be typeset; the classroom points it
// here (classroom/voila_classroom.py), so a page does not fetch and start MathJax (about 880 KB
// of script, a tenth of the browser's work for a page) to typeset nothing. This stand-in accepts
// the calls JupyterLab's MathJax 2 typesetter makes and leaves the text as it is.
window.MathJax = {
  Hub: {
    Config() {},
    Configured() {},
    Queue() {},
    Register: { StartupHook() {} },
  },
};
