// The printable prior written notice: its Print button.
document.getElementById("print-notice")?.addEventListener("click", () => window.print());
