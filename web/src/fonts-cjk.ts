// Noto Sans SC's @font-face rules (about a hundred unicode-range subsets) weigh more than the
// rest of the CSS together; they are loaded after the first render so they never block it.
// Each subset's font file is still only fetched when a page shows one of its characters.
import '@fontsource/noto-sans-sc/400.css';
