// The family report's Print button (no inline scripts: the CSP allows only our files).
document.getElementById("print-report")?.addEventListener("click", () => window.print());
