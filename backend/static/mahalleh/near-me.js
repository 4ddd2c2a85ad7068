// "Near me" on the partner directory: put the phone's position in the form and send it.
(function () {
  const button = document.getElementById("near-me");
  const form = document.getElementById("directory-form");
  if (!button || !form) return;
  button.addEventListener("click", function () {
    if (!navigator.geolocation) {
      document.getElementById("geo-error").hidden = false;
      return;
    }
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(6);
        form.elements.lon.value = position.coords.longitude.toFixed(6);
        form.elements.q.value = "";
        form.submit();
      },
      function () {
        button.disabled = false;
        document.getElementById("geo-error").hidden = false;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
