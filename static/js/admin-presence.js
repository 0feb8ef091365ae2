'use strict';
// While a story's change form is open, tell the server every minute; when the page
// is left, say so. Colleagues are warned only about a form that is open now.
{
    window.addEventListener('load', () => {
        const form = document.getElementById('article_form');
        const match = window.location.pathname.match(/\/articles\/article\/(\d+)\/change\/$/);
        if (!form || !match) {
            return;
        }
        const url = window.location.pathname.replace(/change\/$/, 'presence/');
        const token = form.querySelector('input[name=csrfmiddlewaretoken]');
        function body(close) {
            const data = new FormData();
            data.append('csrfmiddlewaretoken', token ? token.value : '');
            if (close) {
                data.append('close', '1');
            }
            return data;
        }
        let submitting = false;
        form.addEventListener('submit', () => { submitting = true; });
        setInterval(() => {
            fetch(url, {method: 'POST', body: body(false), credentials: 'same-origin'});
        }, 60000);
        window.addEventListener('pagehide', () => {
            if (!submitting) {
                navigator.sendBeacon(url, body(true));
            }
        });
    });
}
