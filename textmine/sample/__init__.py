"""The bundled sample: plan outlines written for the project and the typesetter that renders
them as PDF, DOCX and HTML the way real plan documents look (running headers, page numbers,
wrapped and justified lines). Import `textmine.sample.typeset` for the writers."""
